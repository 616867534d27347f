import {
  EXPIRED_CONTRACT_CERTIFICATE,
  NOT_A_CONTRACT_CERTIFICATE,
  VALID_CONTRACT_CERTIFICATE,
} from '../../testing/contract-certificates';
import { readContractCertificate } from './contract-certificate';

describe('reading an ISO 15118 contract certificate (IEC 63119-2 UC3-3 Plug & Charge)', () => {
  it('reads the EMAID from the subject common name, with the certificate validity and identity', () => {
    expect(readContractCertificate(VALID_CONTRACT_CERTIFICATE)).toEqual({
      emaid: 'DE8AACA2B3C4D5L',
      certificate: {
        serialNumber: '1000',
        issuer: 'CN=DE8AACA2B3C4D5L, O=Provider DE8AA, DC=MO',
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: '2028-01-01T00:00:00.000Z',
      },
    });
    expect(readContractCertificate(EXPIRED_CONTRACT_CERTIFICATE).certificate.validUntil).toBe(
      '2025-01-01T00:00:00.000Z',
    );
  });

  it('refuses text that is not a certificate, and a certificate that names no contract', () => {
    expect(() => readContractCertificate('-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----')).toThrow(
      expect.objectContaining({ code: 'CONTRACT_CERTIFICATE_MALFORMED', kind: 'validation' }),
    );
    expect(() => readContractCertificate(NOT_A_CONTRACT_CERTIFICATE)).toThrow(
      expect.objectContaining({ code: 'CONTRACT_CERTIFICATE_NOT_A_CONTRACT' }),
    );
  });
});
