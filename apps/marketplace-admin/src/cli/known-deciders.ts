import { AUTHORIZATION_CATEGORY, authorizationDecider } from '@roaming/authorization';
import {
  CDR_CATEGORY,
  CDR_DELIVERY_CATEGORY,
  CDR_RECONCILIATION_CATEGORY,
  cdrDecider,
  cdrDeliveryDecider,
  cdrReconciliationDecider,
} from '@roaming/cdr-forwarding';
import { AGREEMENT_CATEGORY, EV_CONTRACT_CATEGORY, PARTNER_CATEGORY } from '@roaming/contract-registry';
import { agreementDecider } from '@roaming/contract-registry/agreement/domain/agreement.decider';
import { evContractDecider } from '@roaming/contract-registry/ev-contract/domain/ev-contract.decider';
import { partnerDecider } from '@roaming/contract-registry/partner/domain/partner.decider';
import type { Fold } from '@roaming/event-store/audit';
import { DEAD_LETTER_CATEGORY, deadLetterDecider } from '@roaming/platform';

/**
 * The deciders this tool can replay offline, per stream category: the same pure functions the contexts decide with,
 * so a replayed state is the state a command handler would have loaded.
 */
export const KNOWN_DECIDERS: ReadonlyMap<string, Fold<unknown>> = new Map<string, Fold<unknown>>([
  [PARTNER_CATEGORY, partnerDecider as Fold<unknown>],
  [AGREEMENT_CATEGORY, agreementDecider as Fold<unknown>],
  [EV_CONTRACT_CATEGORY, evContractDecider as Fold<unknown>],
  [AUTHORIZATION_CATEGORY, authorizationDecider as Fold<unknown>],
  [CDR_CATEGORY, cdrDecider as Fold<unknown>],
  [CDR_DELIVERY_CATEGORY, cdrDeliveryDecider as Fold<unknown>],
  [CDR_RECONCILIATION_CATEGORY, cdrReconciliationDecider as Fold<unknown>],
  [DEAD_LETTER_CATEGORY, deadLetterDecider as Fold<unknown>],
]);
