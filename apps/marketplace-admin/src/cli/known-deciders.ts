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

/**
 * What a category's replay cannot show, printed with it (`note`): the replay folds the streams as stored, and a fact
 * kept in another category's streams is found there, never made up as a stream of this one.
 */
export const CATEGORY_NOTES: ReadonlyMap<string, string> = new Map<string, string>([
  [
    CDR_DELIVERY_CATEGORY,
    "Delivery streams as stored. A record the intake routed to its EVSP's topic (CdrForwarded.deliveryChannel " +
      'TOPIC) has no cdrDelivery stream until the EVSP acknowledges it: it was delivered when it was forwarded, and ' +
      'its state is in its cdr stream (replay --category cdr: status forwarded, deliveryChannel TOPIC, forwardedAt; ' +
      'the same id after the category). Not acknowledged as of a time: a TOPIC record with no cdrDelivery stream of ' +
      "its id then, or (older records) one whose acknowledgedAt is null. Every record's delivery, TOPIC included, " +
      'is listed by the cdr-forwarding app: GET /v1/admin/cdr-deliveries.',
  ],
]);
