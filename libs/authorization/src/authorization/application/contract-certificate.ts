import { DomainError, Emaid } from '@roaming/shared-kernel';
import { X509Certificate } from 'crypto';
import type { ContractCertificate } from '../domain';

/** A PEM certificate is a few hundred bytes; a whole chain a few kilobytes. */
export const MAX_CERTIFICATE_LENGTH = 16_384;

/**
 * Reads an ISO 15118 contract certificate (PEM): its subject's common name is the EMAID the contract is known by
 * (ISO 15118-2 Annex H), its validity period bounds when it identifies anyone. A text that is not a certificate, or
 * a certificate whose common name is no eMA id, is the caller's error (400): it is not a contract certificate.
 * Whether it was issued under a trusted V2G root is for the CPO's charger, which verified the chain in the TLS
 * handshake with the EV; the hub has no copy of the PKI's trust anchors.
 */
export function readContractCertificate(
  pem: string,
  field = 'contractCertificate',
): {
  emaid: string;
  certificate: ContractCertificate;
} {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    throw DomainError.validation('CONTRACT_CERTIFICATE_MALFORMED', `${field} is not a PEM X.509 certificate`, {
      field,
      rule: 'x509-pem',
    });
  }
  const commonName = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1]?.trim() ?? '';
  if (!Emaid.isValid(commonName)) {
    throw DomainError.validation(
      'CONTRACT_CERTIFICATE_NOT_A_CONTRACT',
      `${field}: its subject's common name must be the contract's eMA id (ISO 15118-2 contract certificate)`,
      { field, rule: 'cn-emaid' },
    );
  }
  return {
    emaid: Emaid.parse(commonName).value,
    certificate: {
      serialNumber: certificate.serialNumber,
      issuer: certificate.issuer.replace(/\n/g, ', '),
      validFrom: new Date(certificate.validFrom).toISOString(),
      validUntil: new Date(certificate.validTo).toISOString(),
    },
  };
}
