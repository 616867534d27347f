/**
 * Topic names (ARCHITECTURE.md §6): `<context>.events.v1` between contexts, `b2b.<kind>.inbound.v1` where partners
 * produce, `b2b.<party>.outbound.v1` for what one partner receives. The version is part of the name: a breaking
 * change is a new topic, consumed side by side until the old one drains.
 */
export const TOPICS = {
  contractRegistryEvents: 'contract-registry.events.v1',
  authorizationEvents: 'authorization.events.v1',
  cdrForwardingEvents: 'cdr-forwarding.events.v1',
  settlementEvents: 'settlement.events.v1',
  stationManagementEvents: 'station-management.events.v1',
  energyEvents: 'energy.events.v1',
  marketplaceAdminEvents: 'marketplace-admin.events.v1',
  /** CPOs push charge detail records here (one JSON CDR per message, key = the CPO's party id, signed: partner-messages.ts). */
  b2bCdrsInbound: 'b2b.cdrs.inbound.v1',
  /** EVSPs acknowledge received CDRs here (InboundCdrAckV1, key = the EVSP's party id, signed: partner-messages.ts). */
  b2bCdrAcksInbound: 'b2b.cdr-acks.inbound.v1',
} as const;

/** What one partner receives on Kafka: forwarded CDRs, authorization outcomes, … */
export function partnerOutboundTopic(partyId: string): string {
  if (!/^[A-Z]{2}[A-Z0-9]{3}$/.test(partyId)) throw new Error(`not a normalized party id: ${partyId}`);
  return `b2b.${partyId}.outbound.v1`;
}
