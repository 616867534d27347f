import { DomainError, Emaid, EvseId, TokenUid } from '@roaming/shared-kernel';
import type { AuthorizationTokenType, PresentedToken } from '../domain';

/** App and QR token ids are opaque to the hub; the limit follows the 36 characters OCPI gives a token uid. */
const APP_UID = /^[A-Za-z0-9._:-]{1,36}$/;
const SERVICE = /^[A-Z][A-Z0-9_]{0,39}$/;

/**
 * The token as the hub stores and looks it up. A malformed token is the caller's error (400 naming the field), not
 * an unknown token: an RFID uid must be hex bytes, a contract id a well-formed eMA id with a right check digit.
 */
export function parsePresentedToken(
  token: { uid: string; type: AuthorizationTokenType },
  field = 'token',
): PresentedToken {
  const uidField = `${field}.uid`;
  switch (token.type) {
    case 'RFID':
      return { type: 'RFID', uid: TokenUid.parse(token.uid, uidField).value };
    case 'EMAID':
    case 'PLUG_AND_CHARGE':
      return { type: token.type, uid: Emaid.parse(token.uid, uidField).value };
    case 'APP': {
      const uid = typeof token.uid === 'string' ? token.uid.trim() : '';
      if (!APP_UID.test(uid)) {
        throw DomainError.validation(
          'TOKEN_UID_INVALID',
          `${uidField} of an APP token must be 1 to 36 letters, digits or . _ : -`,
          {
            field: uidField,
            rule: 'format',
          },
        );
      }
      return { type: 'APP', uid };
    }
  }
}

/** An e-mobility service id, upper-cased (CHARGING, DC_CHARGING, …); undefined stays undefined (basic charging). */
export function parseService(service: string | undefined, field = 'service'): string | undefined {
  if (service === undefined) return undefined;
  const id = service.trim().toUpperCase();
  if (!SERVICE.test(id)) {
    throw DomainError.validation('SERVICE_INVALID', `${field} must be a service id like CHARGING (A-Z, 0-9, _)`, {
      field,
      rule: 'format',
    });
  }
  return id;
}

/** The EVSE and its operator, the party the request is for. */
export function parseEvse(evseId: string, field = 'evseId'): { evseId: string; cpoPartyId: string } {
  const evse = EvseId.parse(evseId, field);
  return { evseId: evse.value, cpoPartyId: evse.operatorId.value };
}
