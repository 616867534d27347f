import { Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@roaming/event-store';
import { decodeKeysetCursor, encodeKeysetCursor } from '../shared/keyset-cursor';
import { MADMIN_SCHEMA } from '../shared/marketplace-admin.schema';
import type { PartnerOverviewChange } from './partner-overview.changes';

const T = `${MADMIN_SCHEMA}.partners`;
const KEYS = `${MADMIN_SCHEMA}.partner_keys`;
const CURSOR = 'p1';

export interface PartnerOverview {
  partnerId: string;
  name: string;
  roles: string[];
  partyIds: string[];
  /** As the registry published it: active, suspended or deactivated. */
  status: string;
  active: boolean;
  registeredAt: string;
  statusChangedAt: string | null;
  activeCredentials: number;
}

export interface PartnerSearch {
  role?: string;
  active?: boolean;
  /** Part of the name, or a party id. */
  text?: string;
  cursor?: string;
  limit: number;
}

export interface PartnerSearchPage {
  items: PartnerOverview[];
  nextCursor: string | null;
}

interface Row {
  partner_id: string;
  name: string;
  roles: string[];
  party_ids: string[];
  status: string;
  registered_at: Date | string;
  status_changed_at: Date | string | null;
  active_credentials: string | number;
}

const SELECT = `SELECT p.partner_id, p.name, p.roles, p.party_ids, p.status, p.registered_at, p.status_changed_at,
  (SELECT count(*) FROM ${KEYS} k WHERE k.partner_id = p.partner_id AND k.status = 'active') AS active_credentials
  FROM ${T} p`;

/** The operator's view of the partners (GeM 1373): written only by the registry-topic consumer. */
@Injectable()
export class PartnerOverviewRepository {
  constructor(private readonly db: Database) {}

  async apply(tx: SqlExecutor, change: PartnerOverviewChange): Promise<void> {
    switch (change.kind) {
      case 'registered':
        await tx.query(
          `INSERT INTO ${T} (partner_id, name, roles, party_ids, registered_at, updated_at)
           VALUES ($1, $2, $3::text[], $4::text[], $5, $5)
           ON CONFLICT (partner_id) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles,
             party_ids = EXCLUDED.party_ids, registered_at = EXCLUDED.registered_at`,
          [change.partnerId, change.name, change.roles, change.partyIds, change.at],
        );
        return;
      case 'statusChanged':
        await tx.query(`UPDATE ${T} SET status = $2, status_changed_at = $3, updated_at = $3 WHERE partner_id = $1`, [
          change.partnerId,
          change.status,
          change.at,
        ]);
        return;
      case 'scopeChanged':
        await tx.query(
          `UPDATE ${T} SET roles = $2::text[], party_ids = $3::text[], updated_at = $4 WHERE partner_id = $1`,
          [change.partnerId, change.roles, change.partyIds, change.at],
        );
        return;
      case 'credentialIssued':
      case 'credentialRevoked':
        // Revocation is final: a late "issued" never brings a revoked key back.
        await tx.query(
          `INSERT INTO ${KEYS} (key_id, partner_id, status, changed_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key_id) DO UPDATE SET status = EXCLUDED.status, changed_at = EXCLUDED.changed_at
           WHERE ${KEYS}.status <> 'revoked'`,
          [change.keyId, change.partnerId, change.kind === 'credentialIssued' ? 'active' : 'revoked', change.at],
        );
        return;
    }
  }

  /** Partners by role, active flag and text, in name order (GeM 1373 Search and Select Business Partner). */
  async search(search: PartnerSearch): Promise<PartnerSearchPage> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (search.role) add((p) => `${p} = ANY(p.roles)`, search.role);
    if (search.active !== undefined) where.push(search.active ? `p.status = 'active'` : `p.status <> 'active'`);
    if (search.text) {
      params.push(
        `%${search.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
        search.text.toUpperCase().replace(/[*-]/g, ''),
      );
      where.push(`(lower(p.name) LIKE $${params.length - 1} OR $${params.length} = ANY(p.party_ids))`);
    }
    if (search.cursor) {
      const after = decodeKeysetCursor(CURSOR, search.cursor);
      params.push(after.key, after.id);
      where.push(`(lower(p.name), p.partner_id) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(search.limit + 1);
    const { rows } = await this.db.query<Row>(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY lower(p.name), p.partner_id LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, search.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toOverview),
      nextCursor:
        rows.length > search.limit && last
          ? encodeKeysetCursor(CURSOR, last.name.toLowerCase(), last.partner_id)
          : null,
    };
  }

  async find(partnerId: string): Promise<PartnerOverview | undefined> {
    const { rows } = await this.db.query<Row>(`${SELECT} WHERE p.partner_id = $1`, [partnerId]);
    return rows[0] ? toOverview(rows[0]) : undefined;
  }
}

function toOverview(row: Row): PartnerOverview {
  return {
    partnerId: row.partner_id,
    name: row.name,
    roles: row.roles,
    partyIds: row.party_ids,
    status: row.status,
    active: row.status === 'active',
    registeredAt: new Date(row.registered_at).toISOString(),
    statusChangedAt: row.status_changed_at === null ? null : new Date(row.status_changed_at).toISOString(),
    activeCredentials: Number(row.active_credentials),
  };
}
