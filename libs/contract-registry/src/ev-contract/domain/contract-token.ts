import { Emaid, TokenUid } from '@roaming/shared-kernel';
import {
  CONTRACT_STATUSES,
  type ContractTokenRecord,
  TOKEN_TYPES,
  type TokenStatus,
  type TokenType,
} from './contract-record';
import { EvContractErrors } from './ev-contract.errors';

/** App user ids are opaque to the hub; the limit follows the 36 characters OCPI gives a token uid. */
const APP_UID = /^[A-Za-z0-9._:-]{1,36}$/;
/** A contract certificate id as a PKI names it (serial, fingerprint, …): printable ASCII without spaces. */
const CERTIFICATE_ID = /^[\x21-\x7E]{1,128}$/;
export const MAX_TOKENS_PER_CONTRACT = 50;
const TOKEN_FIELDS = new Set(['uid', 'type', 'status', 'contractCertificateId']);

/**
 * Normalises a token uid by its type:
 * - RFID: the card UID as hex bytes (TokenUid), so '04:a2:b3:c4' and '04A2B3C4' are one card;
 * - PLUG_AND_CHARGE: the EMAID of the contract certificate (ISO 15118), which must be this contract's EMAID;
 * - APP: an opaque id (app account or QR code payload) of up to 36 letters, digits or . _ : -, case kept.
 */
export function normalizeTokenUid(type: TokenType, raw: unknown, field: string, contractEmaid: string): string {
  switch (type) {
    case 'RFID':
      return TokenUid.parse(raw as string, field).value;
    case 'PLUG_AND_CHARGE': {
      const emaid = Emaid.parse(raw as string, field).value;
      if (emaid !== contractEmaid) {
        throw EvContractErrors.tokenUidInvalid(
          field,
          'matches-emaid',
          `${field} of a PLUG_AND_CHARGE token must be the contract's own EMAID`,
        );
      }
      return emaid;
    }
    case 'APP': {
      const uid = typeof raw === 'string' ? raw.trim() : '';
      if (!APP_UID.test(uid)) {
        throw EvContractErrors.tokenUidInvalid(
          field,
          'format',
          `${field} of an APP token must be 1 to 36 letters, digits or . _ : -`,
        );
      }
      return uid;
    }
  }
}

/**
 * Checks and normalises a contract's token list: 1 to 50 tokens, known types and statuses, each uid once, and a
 * contract certificate id only on Plug & Charge tokens. `prefix` leads every field path ('contracts.3.').
 */
export function parseContractTokens(input: unknown, contractEmaid: string, prefix = ''): ContractTokenRecord[] {
  const field = `${prefix}tokens`;
  if (!Array.isArray(input) || input.length === 0) {
    throw EvContractErrors.tokensInvalid(field, 'required', `${field} must hold at least one token`);
  }
  if (input.length > MAX_TOKENS_PER_CONTRACT) {
    throw EvContractErrors.tokensInvalid(
      field,
      'max-size',
      `${field} holds more than ${MAX_TOKENS_PER_CONTRACT} tokens`,
    );
  }
  const seen = new Set<string>();
  return input.map((token: unknown, index) => {
    const at = `${field}.${index}`;
    if (typeof token !== 'object' || token === null || Array.isArray(token)) {
      throw EvContractErrors.tokensInvalid(at, 'object', `${at} must be an object { uid, type }`);
    }
    const raw = token as Record<string, unknown>;
    const unknown = Object.keys(raw).find((key) => !TOKEN_FIELDS.has(key));
    if (unknown !== undefined) throw EvContractErrors.fieldUnknown(`${at}.${unknown}`);
    if (!TOKEN_TYPES.includes(raw.type as TokenType)) throw EvContractErrors.tokenTypeInvalid(`${at}.type`, raw.type);
    const type = raw.type as TokenType;
    const uid = normalizeTokenUid(type, raw.uid, `${at}.uid`, contractEmaid);
    if (seen.has(uid)) throw EvContractErrors.tokenUidDuplicate(`${at}.uid`);
    seen.add(uid);
    return {
      uid,
      type,
      status: tokenStatus(raw.status, `${at}.status`),
      contractCertificateId: certificate(raw, type, at),
    };
  });
}

function tokenStatus(raw: unknown, field: string): TokenStatus {
  if (raw === undefined || raw === null) return 'active';
  if (!CONTRACT_STATUSES.includes(raw as TokenStatus)) throw EvContractErrors.tokenStatusInvalid(field);
  return raw as TokenStatus;
}

function certificate(raw: Record<string, unknown>, type: TokenType, at: string): string | null {
  const value = raw.contractCertificateId;
  if (value === undefined || value === null) return null;
  const field = `${at}.contractCertificateId`;
  if (type !== 'PLUG_AND_CHARGE') {
    throw EvContractErrors.certificateInvalid(
      field,
      'plug-and-charge-only',
      `${field} is only for PLUG_AND_CHARGE tokens`,
    );
  }
  if (typeof value !== 'string' || !CERTIFICATE_ID.test(value)) {
    throw EvContractErrors.certificateInvalid(field, 'format', `${field} must be 1 to 128 printable characters`);
  }
  return value;
}

/** Whether `raw` (as a caller wrote it in a URL) names `token`. */
export function namesToken(token: { uid: string; type: TokenType }, raw: string, contractEmaid: string): boolean {
  try {
    return normalizeTokenUid(token.type, raw, 'uid', contractEmaid) === token.uid;
  } catch {
    return false;
  }
}
