import type { Command, MoneyJson } from '@roaming/shared-kernel';
import type { CdrRecord } from './cdr-record';
import type { CdrDeliveryChannel } from './cdr.events';

/** Is the home EVSP a partner of the clearing house, and may it receive CDRs now? */
export type ProviderStanding = 'active' | 'suspended' | 'deactivated' | 'unknown';

/**
 * Facts the handler looks up in the context's registry view before deciding (decide does no I/O): the home EVSP,
 * its standing, and the roaming agreement between CPO and EVSP that covered the session's start.
 */
export interface CdrRoutingFacts {
  /** Derived from the eMA id's provider id (ISO 15118-2 Annex H). */
  readonly emspPartyId: string;
  readonly provider: ProviderStanding;
  /** The agreement CPO → EVSP valid at startedAt, or null when there is none. */
  readonly agreementId: string | null;
  /** That agreement's negotiated tariff (null: the CPO's public tariff applies); for the price check. */
  readonly negotiatedTariffId?: string | null;
  /** How a forwarded record will reach the EVSP (webhookUrl or not, in the registry view); absent: not chosen yet. */
  readonly deliveryChannel?: CdrDeliveryChannel;
}

/** The EVSE as station-management last published it (cdr-forwarding's EVSE view). */
export interface CdrEvseFacts {
  readonly cpoPartyId: string;
  readonly maxPowerW: number;
  /** The site's IANA time zone: the record's default. */
  readonly timeZone: string;
}

export type CdrAuthorizationMode = 'AUTHORIZED' | 'OFFLINE' | 'UNAUTHORIZED';

/** The CPO's record a credit (creditOf) or revision (revisionOf) refers to, as the accepted-records index holds it. */
export interface CdrReferenceFacts {
  readonly cdrId: string;
  /** false: no accepted record of this CPO has that id. */
  readonly accepted: boolean;
  readonly totalCost: MoneyJson | null;
  readonly creditedBy: string | null;
  readonly revisedBy: string | null;
  /** The referenced record's home EVSP and EMAID (null: indexed before they were kept, not compared). */
  readonly emspPartyId?: string | null;
  readonly emaid?: string | null;
  /** The referenced record's reconciliation state (OPEN, APPROVED, DECLINED, REJECTED, REVISED), when known. */
  readonly reconciliationState?: string | null;
}

/**
 * Everything ReceiveCdr needs beyond the record, looked up by the handler in the context's own views (registry,
 * EVSEs, authorizations, accepted records) inside the transaction that appends the decision.
 */
export interface CdrFacts {
  readonly routing: CdrRoutingFacts;
  /** null: the EVSE is not (or no longer) published by station-management. */
  readonly evse: CdrEvseFacts | null;
  /** false: an unknown EVSE is no violation (CDR_UNKNOWN_EVSE=accept, worlds without station data); default true. */
  readonly requireKnownEvse?: boolean;
  /**
   * How the session was authorized, from authorization.events.v1: AUTHORIZED (a grant of the hub is known for the
   * record's authorizationId or session), OFFLINE (the session started on the CPO's whitelist), UNAUTHORIZED (none
   * known: GeM 1512 lets the record be billed, but it is marked, never silently).
   */
  readonly authorizationMode: CdrAuthorizationMode;
  /** Another accepted final record of this CPO for the same session (by sessionId or authorizationId), or null. */
  readonly sessionClaimedBy: string | null;
  /** The record creditOf / revisionOf names, when the record names one. */
  readonly reference: CdrReferenceFacts | null;
  /** The hub's price check; absent: not run (e.g. tests of other rules), nothing flagged. */
  readonly priceCheck?: CdrPriceCheck;
}

/**
 * The hub's price check of a record (IEC 63119 6.4.2): the agreed tariff re-applied by the shared rating function
 * (libs/rating selectTariff + rateSession, run by the handler: domain/ stays free of it) and compared with the CPO's
 * total within a tolerance. NOT_CHECKED when no single tariff applies (missing, ambiguous) or the record cannot be
 * rated; it is a flag, never a reason to reject.
 */
export type CdrPriceCheck =
  | {
      readonly status: 'MATCHED' | 'DEVIATION';
      readonly tariffId: string;
      readonly tariffVersion: number;
      readonly basis: 'NEGOTIATED' | 'PUBLIC';
      readonly hubTotal: MoneyJson;
      readonly cpoTotal: MoneyJson;
      /** cpoTotal − hubTotal. */
      readonly difference: string;
      /** The largest difference still accepted as MATCHED. */
      readonly tolerance: string;
      readonly breakdown: {
        readonly chargingExclVat: string;
        readonly chargingVat: string;
        readonly servicesInclVat: string;
        readonly lines: readonly { readonly type: string; readonly quantity: string; readonly amountInclVat: string }[];
      };
    }
  | { readonly status: 'NOT_CHECKED'; readonly reason: string };

/** IEC 63119-2 UC3-9 / eMI3 UC 200 step 15.1: the CPO sends the record of a finished session. */
export type ReceiveCdr = Command<
  'ReceiveCdr',
  {
    readonly cdr: CdrRecord;
    readonly receivedAt: string;
    readonly facts: CdrFacts;
  }
>;

export type CdrCommand = ReceiveCdr;
