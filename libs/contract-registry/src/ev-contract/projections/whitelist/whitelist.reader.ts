import { Injectable } from '@nestjs/common';
import { Database } from '@roaming/event-store';
import { DomainError } from '@roaming/shared-kernel';

/** One token on a CPO's whitelist, as of its last change. */
export interface WhitelistEntry {
  emspPartyId: string;
  emaid: string;
  uid: string;
  type: string;
  /** active, blocked, stolen, deactivated, or expired (an active token whose contract's validity has ended). */
  status: string;
  validUntil: string | null;
  allowedServices: string[] | null;
  allowOffline: boolean;
  /** false once the CPO's agreement with the token's EVSP is no longer active (suspended, ended). */
  roaming: boolean;
  /** May the CPO let this token charge when it cannot reach the hub: roaming, active, and allowed offline. */
  valid: boolean;
}

export interface WhitelistPage {
  items: WhitelistEntry[];
  /** The position after the last entry looked at: pass it as `cursor` (more pages) or later as `since` (deltas). */
  nextCursor: string;
  /** More entries follow now; when false, keep nextCursor and ask `since` it later. */
  hasMore: boolean;
}

export interface WhitelistQuery {
  cpoPartyId: string;
  /** full: the tokens valid now (paged by `after`); delta: every change after `after`, blocks and removals included. */
  mode: 'full' | 'delta';
  after: WhitelistPosition;
  limit: number;
  now: string;
}

/** A store position: (transaction id, global position) of an event and the entry's index within it. */
export interface WhitelistPosition {
  transactionId: string;
  globalPosition: string;
  index: number;
}

export const WHITELIST_START: WhitelistPosition = { transactionId: '0', globalPosition: '0', index: -1 };

interface Row {
  emsp_party_id: string;
  emaid: string;
  uid: string;
  token_type: string;
  status: string;
  valid_until: Date | string | null;
  allowed_services: string[] | null;
  allow_offline: boolean;
  covered: boolean;
  tx: string;
  gp: string;
  idx: number;
}

/**
 * Reads a CPO's whitelist (IEC 63119 UC4-2 pre-distribution of identification data) by store position: rows are
 * written in the order the projection handles events, so a position a CPO saw is never passed by a later change.
 */
@Injectable()
export class WhitelistReader {
  constructor(private readonly db: Database) {}

  async page(query: WhitelistQuery): Promise<WhitelistPage> {
    const { after } = query;
    const { rows } = await this.db.query<Row>(
      `SELECT emsp_party_id, emaid, uid, token_type, status, valid_until, allowed_services, allow_offline, covered,
              tx::text AS tx, gp::text AS gp, idx
       FROM registry.cpo_whitelist
       WHERE cpo_party_id = $1 AND (tx, gp, idx) > ($2::xid8, $3::bigint, $4::integer)
       ORDER BY tx, gp, idx
       LIMIT $5`,
      [query.cpoPartyId, after.transactionId, after.globalPosition, after.index, query.limit + 1],
    );
    const scanned = rows.slice(0, query.limit);
    const entries = scanned.map((row) => entry(row, query.now));
    const last = scanned[scanned.length - 1];
    return {
      // A full list leaves out what may not be used; the cursor still moves past it, so no change is skipped later.
      items: query.mode === 'full' ? entries.filter((e) => e.valid) : entries,
      nextCursor: encodePosition(last ? { transactionId: last.tx, globalPosition: last.gp, index: last.idx } : after),
      hasMore: rows.length > query.limit,
    };
  }
}

function entry(row: Row, now: string): WhitelistEntry {
  const validUntil = row.valid_until === null ? null : new Date(row.valid_until).toISOString();
  const expired = row.status === 'active' && validUntil !== null && validUntil <= now;
  const status = expired ? 'expired' : row.status;
  return {
    emspPartyId: row.emsp_party_id,
    emaid: row.emaid,
    uid: row.uid,
    type: row.token_type,
    status,
    validUntil,
    allowedServices: row.allowed_services,
    allowOffline: row.allow_offline,
    roaming: row.covered,
    valid: row.covered && status === 'active' && row.allow_offline,
  };
}

export function encodePosition(position: WhitelistPosition): string {
  return Buffer.from(`w1:${position.transactionId}:${position.globalPosition}:${position.index}`, 'utf8').toString(
    'base64url',
  );
}

export function decodePosition(cursor: string | undefined, field: string): WhitelistPosition {
  if (cursor === undefined || cursor === '') return WHITELIST_START;
  const match = /^w1:(\d{1,20}):(\d{1,19}):(-1|\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw DomainError.validation('CURSOR_INVALID', `${field} is not a position this API returned`, {
      field,
      rule: 'opaque-cursor',
    });
  }
  return { transactionId: match[1], globalPosition: match[2], index: Number(match[3]) };
}
