import type { AuthorizationTokenType, RegisteredTokenType, TokenFacts } from '../../authorization/domain';

/**
 * A row of `authz.tokens`: as pg returns it (timestamps as Dates), or as the replica keeps it (epoch milliseconds,
 * which take a fraction of a Date's memory when a million tokens are held).
 */
export interface TokenRow {
  token_type: RegisteredTokenType;
  token_uid: string;
  emaid: string;
  emsp_party_id: string;
  status: TokenFacts['status'];
  valid_until: Date | string | number | null;
  allowed_services: string[] | null;
  allow_offline: boolean;
  updated_at: Date | string | number;
}

/**
 * The token facts for a presented token out of the matching rows. A registered token (RFID card, app token) is its
 * own row. A contract id (typed, in a QR code, or the EMAID of a Plug & Charge certificate) stands for the contract:
 * its Plug & Charge token when the EVSP registered one, else the contract as its tokens describe it, usable while
 * any of them is (blocking one lost card does not stop the driver's app), otherwise refused for the reason of its
 * most recent change.
 */
export function contractFacts(
  presented: AuthorizationTokenType,
  key: string,
  rows: readonly TokenRow[],
): TokenFacts | null {
  if (presented === 'RFID' || presented === 'APP') {
    const row = rows.find((r) => r.token_type === presented && r.token_uid === key);
    return row ? factsOf(row) : null;
  }
  const certificateToken = rows.find((r) => r.token_type === 'PLUG_AND_CHARGE' && r.token_uid === key);
  if (presented === 'PLUG_AND_CHARGE' && certificateToken) return factsOf(certificateToken);
  if (rows.length === 0) return null;
  const newestFirst = [...rows].sort((a, b) => instant(b.updated_at) - instant(a.updated_at));
  const usable = newestFirst.filter((r) => r.status === 'active');
  const latest = newestFirst[0];
  if (usable.length === 0) return { ...factsOf(latest), tokenUid: key, tokenType: presented };
  return {
    ...factsOf(usable[0]),
    tokenUid: key,
    tokenType: presented,
    allowedServices: usable.some((r) => r.allowed_services === null)
      ? null
      : [...new Set(usable.flatMap((r) => r.allowed_services ?? []))],
    allowOffline: usable.some((r) => r.allow_offline),
  };
}

function factsOf(row: TokenRow): TokenFacts {
  return {
    tokenType: row.token_type,
    tokenUid: row.token_uid,
    emaid: row.emaid,
    emspPartyId: row.emsp_party_id,
    status: row.status,
    validUntil: row.valid_until === null ? null : new Date(row.valid_until).toISOString(),
    allowedServices: row.allowed_services,
    allowOffline: row.allow_offline,
  };
}

function instant(value: Date | string | number): number {
  return typeof value === 'number' ? value : new Date(value).getTime();
}
