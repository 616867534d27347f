import type { DomainEvent } from '@roaming/shared-kernel';

/** The party is now a party to this agreement (offered, then in force) until it is closed. */
export type PartyAgreementOpened = DomainEvent<
  'PartyAgreementOpened',
  { partyId: string; agreementId: string; counterpartyId: string; openedAt: string }
>;

/** The agreement no longer binds the party: declined, terminated or deactivated. */
export type PartyAgreementClosed = DomainEvent<
  'PartyAgreementClosed',
  { partyId: string; agreementId: string; closedAt: string }
>;

/** The party's partner was deactivated (GeM UC 1380): no agreement may be opened for it. */
export type PartyRetired = DomainEvent<'PartyRetired', { partyId: string; partnerId: string; retiredAt: string }>;

/** The party's partner was activated again (GeM UC 1379). */
export type PartyReinstated = DomainEvent<
  'PartyReinstated',
  { partyId: string; partnerId: string; reinstatedAt: string }
>;

export type PartyAgreementsEvent = PartyAgreementOpened | PartyAgreementClosed | PartyRetired | PartyReinstated;
