import type { DomainEvent } from '@roaming/shared-kernel';

/** A party id now belongs to one partner. Registering a partner claims each of its party ids first. */
export type PartyIdClaimed = DomainEvent<'PartyIdClaimed', { partyId: string; partnerId: string; claimedAt: string }>;

export type PartyClaimEvent = PartyIdClaimed;
