import {
  type ContractRegistryMessageV1,
  type PartnerCredentialIssuedV1,
  type PartnerCredentialRevokedV1,
  type PartnerEndpointsChangedV1,
  type PartnerRegisteredV1,
  type PartnerStatusChangedV1,
  type RoamingAgreementLifecycleStatus,
  type RoamingAgreementStatusChangedV1,
  type TariffPublishedV1,
  TOPICS,
  type TokenStatusChangedV1,
} from '@roaming/contracts';
import type { RecordedEvent } from '@roaming/event-store';
import { integrationMessage, type OutboundMessage } from '@roaming/messaging';
import { statusAfter } from '../agreement/domain/agreement-status';
import type { AgreementEvent } from '../agreement/domain/agreement.events';
import { AGREEMENT_CATEGORY } from '../agreement/domain/agreement.stream';
import type { ContractBookEvent } from '../ev-contract/domain/ev-contract.events';
import {
  CONTRACT_BATCH_CATEGORY,
  EV_CONTRACT_CATEGORY,
  evContractStream,
} from '../ev-contract/domain/ev-contract.stream';
import { type TokenFact, tokenFactsOf } from '../ev-contract/domain/token-facts';
import type { PartnerEvent } from '../partner/domain/partner.events';
import { PARTNER_CATEGORY } from '../partner/domain/partner.stream';
import type { TariffEvent } from '../tariff/domain/tariff.events';
import { TARIFF_CATEGORY } from '../tariff/domain/tariff.stream';

/**
 * Categories whose events are published; the guards (partyClaim, agreementPair, partyAgreements) stay internal.
 */
export const PUBLISHED_CATEGORIES: readonly string[] = [
  PARTNER_CATEGORY,
  AGREEMENT_CATEGORY,
  EV_CONTRACT_CATEGORY,
  CONTRACT_BATCH_CATEGORY,
  TARIFF_CATEGORY,
];

const SCHEMA_VERSION = 1;

type Data<M extends ContractRegistryMessageV1> = M['data'];

/**
 * Maps one registry event to the integration messages of libs/contracts (contract-registry.v1) on
 * `contract-registry.events.v1`, keyed by the event's stream so that each aggregate's messages keep their order —
 * except token messages, keyed by their contract's stream (`evContract-<EMAID>`) whether a single change or a batch
 * made them, so that one contract's changes keep their order. Unknown event types map to nothing.
 */
export function toIntegrationMessages(event: RecordedEvent): OutboundMessage[] {
  const domainEvent = { type: event.type, data: event.data } as
    PartnerEvent | AgreementEvent | ContractBookEvent | TariffEvent;
  const messages = integrationMessages(domainEvent);
  return messages.map(({ key, ...message }, index) =>
    integrationMessage(event, index, {
      topic: TOPICS.contractRegistryEvents,
      key,
      type: message.type,
      schemaVersion: SCHEMA_VERSION,
      value: { ...message, schemaVersion: SCHEMA_VERSION, occurredAt: event.recordedAt },
    }),
  );
}

type Unstamped = {
  [M in ContractRegistryMessageV1 as M['type']]: Pick<M, 'type' | 'data'> & { key?: string };
}[ContractRegistryMessageV1['type']];

function integrationMessages(event: PartnerEvent | AgreementEvent | ContractBookEvent | TariffEvent): Unstamped[] {
  switch (event.type) {
    case 'PartnerRegistered': {
      const { partnerId, name, roles, partyIds } = event.data;
      const data: Data<PartnerRegisteredV1> = { partnerId, name, roles, partyIds };
      return [{ type: 'PartnerRegistered', data }];
    }
    case 'PartnerSuspended':
    case 'PartnerReactivated':
    case 'PartnerDeactivated': {
      const status = {
        PartnerSuspended: 'suspended',
        PartnerReactivated: 'active',
        PartnerDeactivated: 'deactivated',
      } as const;
      const data: Data<PartnerStatusChangedV1> = { partnerId: event.data.partnerId, status: status[event.type] };
      return [{ type: 'PartnerStatusChanged', data }];
    }
    case 'PartnerEndpointsChanged': {
      const { partnerId, partyIds, roles, webhookUrl, authorizationUrl, commandUrl } = event.data;
      const { storesContractsAtHub, authorizationTimeoutMs } = event.data;
      const data: Data<PartnerEndpointsChangedV1> = {
        partnerId,
        partyIds,
        roles,
        webhookUrl,
        authorizationUrl,
        commandUrl,
        storesContractsAtHub,
        authorizationTimeoutMs,
      };
      return [{ type: 'PartnerEndpointsChanged', data }];
    }
    case 'PartnerRoamingPartnersDeclared':
      // The EVSP's statement for the registry and the operator (GeM 1291); no other context acts on it.
      return [];
    case 'PartnerCredentialIssued': {
      const { partnerId, keyId, keyHash, signingPublicKey, roles, partyIds } = event.data;
      const data: Data<PartnerCredentialIssuedV1> = { partnerId, keyId, keyHash, roles, partyIds };
      // Left out for a key issued before signing keys: readers then know it cannot sign Kafka messages.
      if (signingPublicKey) data.signingPublicKey = signingPublicKey;
      return [{ type: 'PartnerCredentialIssued', data }];
    }
    case 'PartnerCredentialRevoked': {
      const data: Data<PartnerCredentialRevokedV1> = { partnerId: event.data.partnerId, keyId: event.data.keyId };
      return [{ type: 'PartnerCredentialRevoked', data }];
    }
    case 'RoamingAgreementOffered':
    case 'RoamingAgreementAccepted':
    case 'RoamingAgreementDeclined':
    case 'RoamingAgreementChanged':
    case 'RoamingAgreementTerminated':
    case 'RoamingAgreementSuspended':
    case 'RoamingAgreementResumed':
    case 'RoamingAgreementDeactivated':
      return [{ type: 'RoamingAgreementStatusChanged', data: agreementStatus(event) }];
    case 'RoamingAgreementRequestMade':
    case 'RoamingAgreementRequestWithdrawn':
    case 'RoamingAgreementRequestDeclined':
      // A pending request changes nothing yet; the parties read it from the agreement itself.
      return [];
    case 'EvContractRegistered':
    case 'EvContractReplaced':
    case 'EvContractStatusChanged':
    case 'ContractTokenStatusChanged':
    case 'TokenBlocked':
    case 'TokenUnblocked':
    case 'EvContractBatchApplied':
      // One message per token: consumers keep a token → contract whitelist (GeM 983, IEC 63119 UC4-2).
      return tokenFactsOf(event).map(tokenStatusChanged);
    case 'TariffPublished': {
      const { cpoPartyId, tariffId, version, audience, validFrom, tariff } = event.data;
      const data: Data<TariffPublishedV1> = {
        cpoPartyId,
        tariffId,
        version,
        audience,
        validFrom,
        tariff: { ...tariff },
      };
      return [{ type: 'TariffPublished', data }];
    }
    default:
      return [];
  }
}

type AgreementStatusEvent = Exclude<
  AgreementEvent,
  { type: 'RoamingAgreementRequestMade' | 'RoamingAgreementRequestWithdrawn' | 'RoamingAgreementRequestDeclined' }
>;

/**
 * Every status change, and every change of the terms, is published as the agreement's full current state, so that a
 * consumer's view is right after any one message. `status` keeps the four values consumers know.
 */
function agreementStatus(event: AgreementStatusEvent): Data<RoamingAgreementStatusChangedV1> {
  const { agreementId, cpoPartyId, emspPartyId, validFrom, validUntil } = event.data;
  const lifecycleStatus = statusAfter(event);
  if (lifecycleStatus === undefined) throw new Error(`${event.type} changes no agreement status`);
  return {
    agreementId,
    cpoPartyId,
    emspPartyId,
    status: PUBLISHED_STATUS[lifecycleStatus],
    validFrom,
    validUntil,
    tariffId: event.data.tariffId ?? null,
    lifecycleStatus,
    timeoutPolicy: event.data.timeoutPolicy ?? 'deny',
  };
}

const PUBLISHED_STATUS: Record<RoamingAgreementLifecycleStatus, RoamingAgreementStatusChangedV1['data']['status']> = {
  offered: 'offered',
  active: 'active',
  suspended: 'suspended',
  declined: 'terminated',
  terminated: 'terminated',
  deactivated: 'terminated',
};

function tokenStatusChanged(fact: TokenFact): Unstamped {
  const data: Data<TokenStatusChangedV1> = {
    emaid: fact.emaid,
    emspPartyId: fact.emspPartyId,
    tokenUid: fact.uid,
    tokenType: fact.tokenType,
    status: fact.status,
    validUntil: fact.validUntil,
    allowedServices: fact.allowedServices,
    allowOffline: fact.allowOffline,
  };
  return { type: 'TokenStatusChanged', data, key: evContractStream(fact.emaid) };
}
