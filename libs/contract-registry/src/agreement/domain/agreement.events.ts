import type { DomainEvent } from '@roaming/shared-kernel';

/**
 * A CPO offered a roaming agreement (the B2B contract between EVSE operator and EVSP that eMI3 AA and
 * GeM UC 1497 require before any roaming authorization) to an EVSP. `validUntil` null = open-ended.
 */
export type RoamingAgreementOffered = DomainEvent<
  'RoamingAgreementOffered',
  {
    agreementId: string;
    cpoPartyId: string;
    emspPartyId: string;
    validFrom: string;
    validUntil: string | null;
    offeredAt: string;
  }
>;

/**
 * The EVSP accepted the offer: the agreement is in force for its period (GeM UC 1485: a contract is created by the
 * acceptance of the offering). Repeats the parties and period so that readers of this one event need no state.
 */
export type RoamingAgreementAccepted = DomainEvent<
  'RoamingAgreementAccepted',
  {
    agreementId: string;
    cpoPartyId: string;
    emspPartyId: string;
    validFrom: string;
    validUntil: string | null;
    acceptedAt: string;
  }
>;

export type AgreementEvent = RoamingAgreementOffered | RoamingAgreementAccepted;
