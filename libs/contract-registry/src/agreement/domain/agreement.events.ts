import type { DomainEvent } from '@roaming/shared-kernel';

/**
 * What every agreement event repeats about the agreement after the event: its parties, its period and the tariff
 * that applies. Readers of one event (the forwarder, projections) then need no other event to know the terms.
 * `tariffId` null = the CPO's public tariff applies; a negotiated tariff id overrides it for this EVSP.
 */
export interface AgreementTerms {
  agreementId: string;
  cpoPartyId: string;
  emspPartyId: string;
  validFrom: string;
  /** null = open-ended. */
  validUntil: string | null;
  /** Absent on events recorded before negotiated tariffs existed: read as null. */
  tariffId?: string | null;
  /**
   * What the hub does when the EVSP keeps its contracts at home and its authorization endpoint does not answer in
   * time (IEC 63119 UC4-1): deny the start, or let it go ahead at the EVSP's risk (GeM UC 1512 alternative "charging
   * is started anyway"). Absent = deny.
   */
  timeoutPolicy?: TimeoutPolicy;
}

export type TimeoutPolicy = 'deny' | 'allow-offline';
export const TIMEOUT_POLICIES: readonly TimeoutPolicy[] = ['deny', 'allow-offline'];

/** Which party of the agreement acted: its CPO or its EVSP. */
export type AgreementSide = 'cpo' | 'emsp';

/** GeM 931: either party may ask the other to change, terminate (or, FTR 1397, prolong) the agreement. */
export type AgreementRequestKind = 'change' | 'termination' | 'prolongation';

/** The terms a change or prolongation request asks for; a field left out stays as it is. */
export interface AgreementChanges {
  validUntil?: string | null;
  tariffId?: string | null;
  timeoutPolicy?: TimeoutPolicy;
}

/**
 * A CPO offered a roaming agreement (the B2B contract between EVSE operator and EVSP that eMI3 AA and
 * GeM UC 1497 require before any roaming authorization) to an EVSP.
 */
export type RoamingAgreementOffered = DomainEvent<'RoamingAgreementOffered', AgreementTerms & { offeredAt: string }>;

/** The EVSP accepted the offer: the agreement is in force for its period (GeM UC 1485). */
export type RoamingAgreementAccepted = DomainEvent<'RoamingAgreementAccepted', AgreementTerms & { acceptedAt: string }>;

/** The EVSP turned the offer down; the agreement never came into force and its period is free again. */
export type RoamingAgreementDeclined = DomainEvent<
  'RoamingAgreementDeclined',
  AgreementTerms & { reason: string | null; declinedAt: string }
>;

/**
 * One party asked the other to change, terminate or prolong the agreement (GeM 931, UC 1246/1480): a history entry;
 * nothing changes until the other party accepts.
 */
export type RoamingAgreementRequestMade = DomainEvent<
  'RoamingAgreementRequestMade',
  {
    agreementId: string;
    requestId: string;
    kind: AgreementRequestKind;
    requestedBy: AgreementSide;
    changes: AgreementChanges;
    reason: string | null;
    requestedAt: string;
  }
>;

/** The requester took back its pending request ("should be able to revoke a request that is still pending", 931). */
export type RoamingAgreementRequestWithdrawn = DomainEvent<
  'RoamingAgreementRequestWithdrawn',
  { agreementId: string; requestId: string; kind: AgreementRequestKind; withdrawnAt: string }
>;

/** The other party declined the request (UC 1247/1481 reject branch): the agreement stays as it was. */
export type RoamingAgreementRequestDeclined = DomainEvent<
  'RoamingAgreementRequestDeclined',
  {
    agreementId: string;
    requestId: string;
    kind: AgreementRequestKind;
    declinedBy: AgreementSide;
    reason: string | null;
    declinedAt: string;
  }
>;

/**
 * The other party accepted a change or prolongation request (UC 1247): the terms below are the new ones. Carries the
 * status, which a change leaves as it was (active or suspended).
 */
export type RoamingAgreementChanged = DomainEvent<
  'RoamingAgreementChanged',
  AgreementTerms & {
    requestId: string;
    kind: 'change' | 'prolongation';
    status: 'active' | 'suspended';
    changedAt: string;
  }
>;

/** The other party accepted a termination request (UC 1481): the agreement ends now; `validUntil` is that instant. */
export type RoamingAgreementTerminated = DomainEvent<
  'RoamingAgreementTerminated',
  AgreementTerms & { requestId: string; terminatedAt: string }
>;

/**
 * One party suspended the agreement (GeM 1469, UC 1490): it stays valid but no roaming authorization uses it until
 * the same party resumes it.
 */
export type RoamingAgreementSuspended = DomainEvent<
  'RoamingAgreementSuspended',
  AgreementTerms & { suspendedBy: AgreementSide; reason: string | null; suspendedAt: string }
>;

export type RoamingAgreementResumed = DomainEvent<
  'RoamingAgreementResumed',
  AgreementTerms & { resumedBy: AgreementSide; resumedAt: string }
>;

/**
 * "Delete" (GeM UC 1513): the agreement is disabled and kept with its whole history, never removed. When it was
 * still in force (only the operator may do that), `validUntil` is the instant it ended.
 */
export type RoamingAgreementDeactivated = DomainEvent<
  'RoamingAgreementDeactivated',
  AgreementTerms & {
    deactivatedBy: AgreementSide | 'operator';
    previousStatus: string;
    reason: string | null;
    deactivatedAt: string;
  }
>;

export type AgreementEvent =
  | RoamingAgreementOffered
  | RoamingAgreementAccepted
  | RoamingAgreementDeclined
  | RoamingAgreementRequestMade
  | RoamingAgreementRequestWithdrawn
  | RoamingAgreementRequestDeclined
  | RoamingAgreementChanged
  | RoamingAgreementTerminated
  | RoamingAgreementSuspended
  | RoamingAgreementResumed
  | RoamingAgreementDeactivated;
