import { Injectable } from '@nestjs/common';
import type { TariffJson } from '@roaming/rating';
import { Database } from '@roaming/event-store';
import { DomainError } from '@roaming/shared-kernel';
import type { TariffAudience } from '../../domain/tariff.events';

export interface TariffVersionView {
  version: number;
  validFrom: string;
  publishedAt: string;
  tariff: TariffJson;
}

export interface TariffView {
  cpoPartyId: string;
  tariffId: string;
  audience: TariffAudience;
  /** The version pricing sessions that start now; null before the first version's start. */
  currentVersion: number | null;
  versions: TariffVersionView[];
}

/** A tariff as it applies to an EVSP: through which agreement, and whether negotiated for it or public. */
export interface ApplicableTariffView extends TariffView {
  agreementId: string;
  negotiated: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface Row {
  cpo_party_id: string;
  tariff_id: string;
  seq: string;
  audience: TariffAudience;
  versions: TariffVersionView[];
  agreement_id?: string;
  agreement_seq?: string;
  agreement_tariff_id?: string | null;
}

const IN_FORCE_OR_OFFERED = `('offered', 'active', 'suspended')`;
/** A public tariff of the agreement's CPO, unless the agreement names its own (negotiated) tariff. */
const APPLIES = `t.cpo_party_id = a.cpo_party_id
  AND ((a.tariff_id IS NULL AND t.audience = 'public') OR t.tariff_id = a.tariff_id)`;

/** Reads the tariff list projection: a CPO's own tariffs, and the tariffs that apply to an EVSP. */
@Injectable()
export class TariffListReader {
  constructor(private readonly db: Database) {}

  async own(cpoPartyIds: readonly string[], cursor: string | undefined, limit: number, now: string) {
    const [after] = decode(cursor, 1);
    const { rows } = await this.db.query<Row>(
      `SELECT cpo_party_id, tariff_id, seq::text, audience, versions FROM registry.tariffs
       WHERE cpo_party_id = ANY($1::text[]) AND seq > $2::bigint ORDER BY seq LIMIT $3`,
      [cpoPartyIds, after, limit + 1],
    );
    return page(
      rows,
      limit,
      (r) => [r.seq],
      (r) => view(r, now),
    );
  }

  /**
   * For each agreement of the EVSP that is offered or in force: its negotiated tariff, or else every public tariff of
   * its CPO (the agreement's tariff "overrides the CPO's public tariff for that EVSP").
   */
  async applicable(emspPartyIds: readonly string[], cursor: string | undefined, limit: number, now: string) {
    const [afterTariff, afterAgreement] = decode(cursor, 2);
    const { rows } = await this.db.query<Row>(
      `SELECT t.cpo_party_id, t.tariff_id, t.seq::text, t.audience, t.versions,
              a.agreement_id, a.seq::text AS agreement_seq, a.tariff_id AS agreement_tariff_id
       FROM registry.agreements a JOIN registry.tariffs t ON ${APPLIES}
       WHERE a.emsp_party_id = ANY($1::text[]) AND a.status IN ${IN_FORCE_OR_OFFERED}
         AND (t.seq, a.seq) > ($2::bigint, $3::bigint)
       ORDER BY t.seq, a.seq LIMIT $4`,
      [emspPartyIds, afterTariff, afterAgreement, limit + 1],
    );
    return page(
      rows,
      limit,
      (r) => [r.seq, r.agreement_seq ?? '0'],
      (r): ApplicableTariffView => ({
        ...view(r, now),
        agreementId: r.agreement_id ?? '',
        negotiated: r.agreement_tariff_id !== null && r.agreement_tariff_id !== undefined,
      }),
    );
  }

  async one(cpoPartyId: string, tariffId: string, now: string): Promise<TariffView | null> {
    const { rows } = await this.db.query<Row>(
      `SELECT cpo_party_id, tariff_id, seq::text, audience, versions FROM registry.tariffs
       WHERE cpo_party_id = $1 AND tariff_id = $2`,
      [cpoPartyId, tariffId],
    );
    return rows[0] ? view(rows[0], now) : null;
  }

  /** Whether the tariff applies to one of these EVSP parties through an agreement offered or in force. */
  async appliesTo(cpoPartyId: string, tariffId: string, emspPartyIds: readonly string[]): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `SELECT 1 FROM registry.agreements a JOIN registry.tariffs t ON ${APPLIES}
       WHERE t.cpo_party_id = $1 AND t.tariff_id = $2 AND a.emsp_party_id = ANY($3::text[])
         AND a.status IN ${IN_FORCE_OR_OFFERED} LIMIT 1`,
      [cpoPartyId, tariffId, emspPartyIds],
    );
    return rowCount > 0;
  }
}

function view(row: Row, now: string): TariffView {
  const versions = [...row.versions].sort((a, b) => a.version - b.version);
  const current = versions.filter((v) => v.validFrom <= now).at(-1);
  return {
    cpoPartyId: row.cpo_party_id,
    tariffId: row.tariff_id,
    audience: row.audience,
    currentVersion: current?.version ?? null,
    versions,
  };
}

function page<T>(rows: Row[], limit: number, key: (row: Row) => string[], map: (row: Row) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(map),
    nextCursor: rows.length > limit && last ? Buffer.from(`t1:${key(last).join(':')}`).toString('base64url') : null,
  };
}

function decode(cursor: string | undefined, parts: number): string[] {
  if (cursor === undefined || cursor === '') return Array<string>(parts).fill('0');
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^t1:(\d{1,19}(?::\d{1,19})*)$/.exec(decoded);
  const values = match ? match[1].split(':') : [];
  if (values.length !== parts) {
    throw DomainError.validation('CURSOR_INVALID', 'cursor is not one this API returned', {
      field: 'cursor',
      rule: 'opaque-cursor',
    });
  }
  return values;
}
