import { Emaid, TokenUid } from '@roaming/shared-kernel';
import type { AuthorizationTokenType } from './authorization.facts';

/**
 * The form a token uid is stored and looked up in, so that '04:a2:b3:c4' presented at the EVSE finds '04A2B3C4'
 * registered by the provider. RFID uids are hex bytes (TokenUid); a Plug & Charge token and a presented contract id
 * are the contract's eMA id (Emaid); app tokens are opaque. A uid that does not parse is kept as given (trimmed):
 * the registry owns the format of what it registers, and this view must not drop a token it cannot normalise.
 */
export function tokenKey(type: AuthorizationTokenType, uid: string): string {
  const trimmed = uid.trim();
  switch (type) {
    case 'RFID':
      return TokenUid.isValid(trimmed) ? TokenUid.parse(trimmed).value : trimmed.toUpperCase();
    case 'PLUG_AND_CHARGE':
    case 'EMAID':
      return Emaid.isValid(trimmed) ? Emaid.parse(trimmed).value : trimmed.toUpperCase();
    case 'APP':
      return trimmed;
  }
}

/** The provider a contract id names (its country code and provider id), or null when it is not an eMA id. */
export function providerOfContract(emaid: string): string | null {
  return Emaid.isValid(emaid) ? Emaid.parse(emaid).providerId.value : null;
}
