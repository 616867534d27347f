import { Injectable } from '@nestjs/common';
import { IntegrationMessageError, parseIntegrationMessage } from '@roaming/contracts';
import type { InboundMessage, MessageHandlerContext } from '@roaming/messaging';
import { HEADER } from '@roaming/messaging';
import { PartyId } from '@roaming/shared-kernel';
import { RecordPricer } from '../record/record-pricer';
import { SETTLEMENT_SCHEMA } from '../settlement.schema';

/** Consumer group of the registry view (also its de-duplication scope). */
export const SETTLEMENT_REGISTRY_VIEW_GROUP = 'settlement.registry-view';

type Data = Record<string, unknown>;
const S = SETTLEMENT_SCHEMA;

/**
 * Settlement's copy of what it needs from `contract-registry.events.v1`: roaming agreements (latest state) and their
 * history of versions with the negotiated tariff id each had, and every published tariff version. Writes are idempotent upserts guarded by `occurredAt`, in the
 * consumer's transaction; a new tariff version or agreement re-prices the CPO's parked records in that transaction.
 * Credentials come from the platform's PartnerDirectoryModule (or the registry's own in the clearing house).
 */
@Injectable()
export class RegistryViewConsumer {
  constructor(private readonly pricer: RecordPricer) {}

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const body = parseIntegrationMessage(message.rawValue);
    const data = body.data as Data;
    const occurredAt = instant(body.occurredAt, 'occurredAt');
    const metadata = { causationId: message.headers[HEADER.messageId], actor: 'settlement.registry-view' };
    switch (body.type) {
      case 'RoamingAgreementStatusChanged': {
        const cpo = party(data, 'cpoPartyId');
        const facts = [
          text(data, 'agreementId'),
          cpo,
          party(data, 'emspPartyId'),
          text(data, 'status'),
          instant(text(data, 'validFrom'), 'validFrom'),
          typeof data.validUntil === 'string' ? instant(data.validUntil, 'validUntil') : null,
          typeof data.tariffId === 'string' && data.tariffId !== '' ? data.tariffId : null,
          occurredAt,
        ];
        // The agreement's history: one version per change (a redelivery is the same row), whatever the order.
        await tx.query(
          `INSERT INTO ${S}.agreement_versions
             (agreement_id, cpo_party_id, emsp_party_id, status, valid_from, valid_until, tariff_id, occurred_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (agreement_id, occurred_at) DO NOTHING`,
          facts,
        );
        await tx.query(
          `INSERT INTO ${S}.agreements AS a
             (agreement_id, cpo_party_id, emsp_party_id, status, valid_from, valid_until, tariff_id, ever_active, status_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $4 = 'active', $8)
           ON CONFLICT (agreement_id) DO UPDATE SET
             ever_active   = a.ever_active OR EXCLUDED.ever_active,
             cpo_party_id  = CASE WHEN a.status_at <= EXCLUDED.status_at THEN EXCLUDED.cpo_party_id ELSE a.cpo_party_id END,
             emsp_party_id = CASE WHEN a.status_at <= EXCLUDED.status_at THEN EXCLUDED.emsp_party_id ELSE a.emsp_party_id END,
             status        = CASE WHEN a.status_at <= EXCLUDED.status_at THEN EXCLUDED.status ELSE a.status END,
             valid_from    = CASE WHEN a.status_at <= EXCLUDED.status_at THEN EXCLUDED.valid_from ELSE a.valid_from END,
             valid_until   = CASE WHEN a.status_at <= EXCLUDED.status_at THEN EXCLUDED.valid_until ELSE a.valid_until END,
             tariff_id     = CASE WHEN a.status_at <= EXCLUDED.status_at THEN EXCLUDED.tariff_id ELSE a.tariff_id END,
             status_at     = GREATEST(a.status_at, EXCLUDED.status_at)`,
          facts,
        );
        await this.pricer.repriceParked(tx, cpo, occurredAt, metadata);
        return;
      }
      case 'TariffPublished': {
        const cpo = party(data, 'cpoPartyId');
        const version = data.version;
        if (typeof version !== 'number' || !Number.isInteger(version)) {
          throw new IntegrationMessageError('data.version must be an integer');
        }
        if (!data.tariff || typeof data.tariff !== 'object')
          throw new IntegrationMessageError('data.tariff is missing');
        const audience = text(data, 'audience');
        if (audience !== 'public' && audience !== 'negotiated') return;
        await tx.query(
          `INSERT INTO ${S}.tariff_versions (cpo_party_id, tariff_id, version, audience, valid_from, tariff)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT DO NOTHING`,
          [
            cpo,
            text(data, 'tariffId'),
            version,
            audience,
            instant(text(data, 'validFrom'), 'validFrom'),
            JSON.stringify(data.tariff),
          ],
        );
        await this.pricer.repriceParked(tx, cpo, occurredAt, metadata);
        return;
      }
      default:
        return;
    }
  };
}

export function instant(value: unknown, field: string): string {
  const millis = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(millis)) throw new IntegrationMessageError(`${field} is not an ISO 8601 date-time`);
  return new Date(millis).toISOString();
}

export function text(data: Data, field: string): string {
  const value = data[field];
  if (typeof value !== 'string' || value === '') throw new IntegrationMessageError(`data.${field} is missing`);
  return value;
}

export function party(data: Data, field: string): string {
  const value = text(data, field);
  if (!PartyId.isValid(value)) throw new IntegrationMessageError(`data.${field} holds an invalid party id`);
  return PartyId.parse(value).value;
}
