import { Injectable } from '@nestjs/common';
import { Database } from '@roaming/event-store';
import { decodeCursor, encodeCursor } from '../../../shared/cursor';
import type { PartnerRole } from '../../domain/partner.events';
import type { PartnerStatus } from '../../domain/partner.state';

export interface PartnerListItem {
  partnerId: string;
  name: string;
  roles: PartnerRole[];
  partyIds: string[];
  status: PartnerStatus;
  partnerContractVersion: string;
  registeredAt: string;
}

export interface PartnerPage {
  items: PartnerListItem[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface PartnerListFilter {
  limit: number;
  cursor?: string;
  role?: PartnerRole;
  status?: PartnerStatus;
}

interface PartnerRow {
  partner_id: string;
  seq: string;
  name: string;
  roles: PartnerRole[];
  party_ids: string[];
  status: PartnerStatus;
  partner_contract_version: string;
  registered_at: string;
}

/** Reads the partner list projection. */
@Injectable()
export class PartnerListReader {
  constructor(private readonly db: Database) {}

  async page(filter: PartnerListFilter): Promise<PartnerPage> {
    const after = decodeCursor(filter.cursor);
    // One row more than asked tells whether another page follows.
    const { rows } = await this.db.query<PartnerRow>(
      `SELECT partner_id, seq::text, name, roles, party_ids, status, partner_contract_version,
              to_char(registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS registered_at
       FROM registry.partners
       WHERE seq > $1::bigint
         AND ($2::text IS NULL OR $2 = ANY(roles))
         AND ($3::text IS NULL OR status = $3)
       ORDER BY seq
       LIMIT $4`,
      [after, filter.role ?? null, filter.status ?? null, filter.limit + 1],
    );
    const page = rows.slice(0, filter.limit);
    const hasMore = rows.length > filter.limit;
    return {
      items: page.map((row) => ({
        partnerId: row.partner_id,
        name: row.name,
        roles: row.roles,
        partyIds: row.party_ids,
        status: row.status,
        partnerContractVersion: row.partner_contract_version,
        registeredAt: row.registered_at,
      })),
      nextCursor: hasMore ? encodeCursor(page[page.length - 1].seq) : null,
    };
  }
}
