import { Injectable, Logger } from '@nestjs/common';
import { type IntegrationMessage, parseIntegrationMessage } from '@roaming/contracts';
import { Database, type SqlExecutor } from '@roaming/event-store';
import type { InboundMessage, MessageHandlerContext } from '@roaming/messaging';
import { isRole, signingPublicKeyOf, SqlCredentialDirectory } from '@roaming/platform';
import {
  type AgreementFact,
  type PartnerProfile,
  type PartnerStanding,
  instant,
  readAgreement,
  readPartnerProfile,
  readPartnerStanding,
  stringArray,
  text,
} from './registry-messages';
import { CDR_SCHEMA } from './registry-view.migrations';

/** Consumer group of the registry view (also its de-duplication scope). */
export const REGISTRY_VIEW_GROUP = 'cdr-forwarding.registry-view';

type Data = Record<string, unknown>;

/**
 * Builds this context's view of the registry from `contract-registry.events.v1`: partners (party ids, roles,
 * standing), roaming agreements, and the API credentials of the platform's SqlCredentialDirectory in schema `cdr`.
 * Runs in the consumer's transaction (effect and de-duplication row commit together); every write is an upsert
 * guarded by the fact's `occurredAt`, so redelivery and any order of arrival give the same view.
 */
@Injectable()
export class RegistryViewConsumer {
  private readonly logger = new Logger(RegistryViewConsumer.name);
  private readonly credentials: SqlCredentialDirectory;

  constructor(db: Database) {
    this.credentials = new SqlCredentialDirectory(db, CDR_SCHEMA);
  }

  readonly handle = async (message: InboundMessage, { tx }: MessageHandlerContext): Promise<void> => {
    const body = parseIntegrationMessage(message.rawValue);
    const data = body.data as Data;
    const occurredAt = instant(body.occurredAt, 'occurredAt');
    switch (body.type) {
      case 'PartnerRegistered':
        return this.partnerRegistered(tx, readPartnerProfile(data), occurredAt);
      case 'PartnerStatusChanged': {
        const standing = readPartnerStanding(data);
        if (!standing) return this.skip(body, 'unknown partner status');
        return this.partnerStatusChanged(tx, standing.partnerId, standing.status, occurredAt);
      }
      case 'PartnerEndpointsChanged':
        return this.endpointsChanged(tx, readPartnerProfile(data), data.webhookUrl, occurredAt);
      case 'PartnerCredentialIssued':
        return this.credentialIssued(tx, data);
      case 'PartnerCredentialRevoked':
        return this.credentialRevoked(tx, text(data, 'keyId'));
      case 'RoamingAgreementStatusChanged': {
        const agreement = readAgreement(data);
        if (!agreement) return this.skip(body, 'unknown agreement status');
        await this.agreementChanged(tx, agreement, occurredAt);
        return this.negotiatedTariff(tx, agreement.agreementId, data.tariffId, occurredAt);
      }
      case 'TariffPublished':
        return this.tariffPublished(tx, data);
      default:
        // Tolerant reader: tokens and whatever the registry adds later are not this context's concern.
        return;
    }
  };

  private async partnerRegistered(tx: SqlExecutor, partner: PartnerProfile, occurredAt: string): Promise<void> {
    await tx.query(
      `INSERT INTO ${CDR_SCHEMA}.registry_partners AS p (partner_id, party_ids, roles, profile_at)
       VALUES ($1, $2::text[], $3::text[], $4)
       ON CONFLICT (partner_id) DO UPDATE
         SET party_ids = EXCLUDED.party_ids, roles = EXCLUDED.roles, profile_at = EXCLUDED.profile_at, updated_at = now()
         WHERE p.profile_at IS NULL OR p.profile_at <= EXCLUDED.profile_at`,
      [partner.partnerId, partner.partyIds, partner.roles, occurredAt],
    );
  }

  /** Keeps the EVSP's webhook for CDR delivery; the newest endpoints win (the message always carries the full set). */
  private async endpointsChanged(
    tx: SqlExecutor,
    partner: PartnerProfile,
    webhookUrl: unknown,
    occurredAt: string,
  ): Promise<void> {
    const url = typeof webhookUrl === 'string' && webhookUrl !== '' ? webhookUrl : null;
    await tx.query(
      `INSERT INTO ${CDR_SCHEMA}.registry_partners AS p (partner_id, party_ids, roles, webhook_url, endpoints_at)
       VALUES ($1, $2::text[], $3::text[], $4, $5)
       ON CONFLICT (partner_id) DO UPDATE
         SET webhook_url = EXCLUDED.webhook_url, endpoints_at = EXCLUDED.endpoints_at, updated_at = now()
         WHERE p.endpoints_at IS NULL OR p.endpoints_at <= EXCLUDED.endpoints_at`,
      [partner.partnerId, partner.partyIds, partner.roles, url, occurredAt],
    );
  }

  private async partnerStatusChanged(
    tx: SqlExecutor,
    partnerId: string,
    status: PartnerStanding,
    occurredAt: string,
  ): Promise<void> {
    // A status may arrive before the registration: the row starts with no party ids and is completed later.
    const { rows } = await tx.query<{ status: PartnerStanding }>(
      `INSERT INTO ${CDR_SCHEMA}.registry_partners AS p (partner_id, status, status_at) VALUES ($1, $2, $3)
       ON CONFLICT (partner_id) DO UPDATE
         SET status = CASE WHEN p.status_at IS NULL OR p.status_at <= EXCLUDED.status_at THEN EXCLUDED.status ELSE p.status END,
             status_at = GREATEST(p.status_at, EXCLUDED.status_at),
             updated_at = now()
       RETURNING status`,
      [partnerId, status, occurredAt],
    );
    // The credential directory follows the newest standing; a partner that left keeps no usable key.
    await this.credentials.setPartnerStatus(tx, partnerId, rows[0].status === 'active' ? 'active' : 'suspended');
  }

  private async credentialIssued(tx: SqlExecutor, data: Data): Promise<void> {
    const keyId = text(data, 'keyId');
    await this.credentials.upsertCredential(tx, {
      keyId,
      keyHash: text(data, 'keyHash'),
      // Null for a key issued before signing keys: it cannot sign Kafka messages here.
      signingPublicKey: signingPublicKeyOf(data),
      partnerId: text(data, 'partnerId'),
      partyIds: stringArray(data, 'partyIds'),
      roles: stringArray(data, 'roles').filter(isRole),
    });
    const revoked = await tx.query(`SELECT 1 FROM ${CDR_SCHEMA}.registry_revoked_keys WHERE key_id = $1`, [keyId]);
    if (revoked.rowCount > 0) await this.credentials.revokeCredential(tx, keyId);
  }

  private async credentialRevoked(tx: SqlExecutor, keyId: string): Promise<void> {
    await tx.query(
      `INSERT INTO ${CDR_SCHEMA}.registry_revoked_keys (key_id) VALUES ($1) ON CONFLICT (key_id) DO NOTHING`,
      [keyId],
    );
    await this.credentials.revokeCredential(tx, keyId);
  }

  private async agreementChanged(tx: SqlExecutor, agreement: AgreementFact, occurredAt: string): Promise<void> {
    // `ever_active` is kept from every message, even an older one arriving late: it says the agreement was once in
    // force, which is what lets a CDR of a session before a later suspension or termination still be routed.
    await tx.query(
      `INSERT INTO ${CDR_SCHEMA}.registry_agreements AS a
         (agreement_id, cpo_party_id, emsp_party_id, status, valid_from, valid_until, ever_active, status_at)
       VALUES ($1, $2, $3, $4, $5, $6, $4 = 'active', $7)
       ON CONFLICT (agreement_id) DO UPDATE SET
         ever_active   = a.ever_active OR EXCLUDED.ever_active,
         cpo_party_id  = CASE WHEN a.status_at <= EXCLUDED.status_at THEN EXCLUDED.cpo_party_id ELSE a.cpo_party_id END,
         emsp_party_id = CASE WHEN a.status_at <= EXCLUDED.status_at THEN EXCLUDED.emsp_party_id ELSE a.emsp_party_id END,
         status        = CASE WHEN a.status_at <= EXCLUDED.status_at THEN EXCLUDED.status ELSE a.status END,
         valid_from    = CASE WHEN a.status_at <= EXCLUDED.status_at THEN EXCLUDED.valid_from ELSE a.valid_from END,
         valid_until   = CASE WHEN a.status_at <= EXCLUDED.status_at THEN EXCLUDED.valid_until ELSE a.valid_until END,
         status_at     = GREATEST(a.status_at, EXCLUDED.status_at),
         updated_at    = now()`,
      [
        agreement.agreementId,
        agreement.cpoPartyId,
        agreement.emspPartyId,
        agreement.status,
        agreement.validFrom,
        agreement.validUntil,
        occurredAt,
      ],
    );
  }

  /** A published tariff version never changes: the first copy stays (redelivery changes nothing). */
  private async tariffPublished(tx: SqlExecutor, data: Data): Promise<void> {
    const version = data.version;
    const audience = text(data, 'audience');
    if (typeof version !== 'number' || (audience !== 'public' && audience !== 'negotiated')) {
      throw new Error('TariffPublished needs a numeric version and audience public|negotiated');
    }
    await tx.query(
      `INSERT INTO ${CDR_SCHEMA}.registry_tariffs (cpo_party_id, tariff_id, version, audience, valid_from, tariff)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT DO NOTHING`,
      [
        text(data, 'cpoPartyId'),
        text(data, 'tariffId'),
        version,
        audience,
        instant(text(data, 'validFrom'), 'data.validFrom'),
        JSON.stringify(data.tariff ?? {}),
      ],
    );
  }

  /** The agreement's negotiated tariff (absent on older messages = the public tariff), newest message wins. */
  private async negotiatedTariff(
    tx: SqlExecutor,
    agreementId: string,
    tariffId: unknown,
    occurredAt: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE ${CDR_SCHEMA}.registry_agreements SET negotiated_tariff_id = $2
       WHERE agreement_id = $1 AND status_at <= $3::timestamptz`,
      [agreementId, typeof tariffId === 'string' && tariffId !== '' ? tariffId : null, occurredAt],
    );
  }

  private skip(body: IntegrationMessage, why: string): void {
    this.logger.warn(`ignored ${body.type}: ${why}`);
  }
}
