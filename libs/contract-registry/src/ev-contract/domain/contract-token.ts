import { Emaid, TokenUid } from '@roaming/shared-kernel';
import { type ContractToken, TOKEN_TYPES, type TokenType } from './ev-contract.events';
import { EvContractErrors } from './ev-contract.errors';

/** App user ids are opaque to the hub; the limit follows the 36 characters OCPI gives a token uid. */
const APP_UID = /^[A-Za-z0-9._:-]{1,36}$/;

/**
 * Normalises a token uid by its type:
 * - RFID: the card UID as hex bytes (TokenUid), so '04:a2:b3:c4' and '04A2B3C4' are one card;
 * - PLUG_AND_CHARGE: the EMAID of the contract certificate (ISO 15118), which must be this contract's EMAID;
 * - APP: an opaque id of up to 36 letters, digits or . _ : -, case kept.
 */
export function normalizeTokenUid(type: TokenType, raw: string, field: string, contractEmaid: string): string {
  switch (type) {
    case 'RFID':
      return TokenUid.parse(raw, field).value;
    case 'PLUG_AND_CHARGE': {
      const emaid = Emaid.parse(raw, field).value;
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

/** Checks and normalises a contract's token list: at least one token, known types, each uid once. */
export function parseContractTokens(
  input: readonly { uid: string; type: string }[],
  contractEmaid: string,
): ContractToken[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw EvContractErrors.tokensInvalid('required', 'tokens must hold at least one token');
  }
  const seen = new Set<string>();
  return input.map((token, index) => {
    const type = token?.type;
    if (!TOKEN_TYPES.includes(type as TokenType)) throw EvContractErrors.tokenTypeInvalid(`tokens.${index}.type`, type);
    const uid = normalizeTokenUid(type as TokenType, token.uid, `tokens.${index}.uid`, contractEmaid);
    if (seen.has(uid)) throw EvContractErrors.tokenUidDuplicate(`tokens.${index}.uid`);
    seen.add(uid);
    return { uid, type: type as TokenType };
  });
}

/** Whether `raw` (as a caller wrote it in a URL) names `token`. */
export function namesToken(token: ContractToken, raw: string, contractEmaid: string): boolean {
  try {
    return normalizeTokenUid(token.type, raw, 'uid', contractEmaid) === token.uid;
  } catch {
    return false;
  }
}
