import { PartyId } from '@roaming/shared-kernel';
import { PartnerErrors } from './partner.errors';

export const MAX_ROAMING_PARTNERS = 1000;

/**
 * The CPO party ids an EVSP declares as its roaming partners (GeM 1291: "for the EVSP it is mandatory to state its
 * roaming partners"): well-formed, each once, never one of its own. Sorted, so that two declarations that mean the
 * same compare equal. Whether each is a registered CPO is checked against the registry by the caller.
 */
export function parseRoamingPartners(input: readonly string[], ownPartyIds: readonly string[]): string[] {
  if (!Array.isArray(input))
    throw PartnerErrors.roamingPartnersInvalid('roamingPartners', 'type', 'roamingPartners must be a list');
  if (input.length > MAX_ROAMING_PARTNERS) {
    throw PartnerErrors.roamingPartnersInvalid(
      'roamingPartners',
      'max-size',
      `at most ${MAX_ROAMING_PARTNERS} roaming partners`,
    );
  }
  const seen = new Set<string>();
  input.forEach((raw, index) => {
    const field = `roamingPartners.${index}`;
    const partyId = PartyId.parse(raw, field).value;
    if (ownPartyIds.includes(partyId)) {
      throw PartnerErrors.roamingPartnersInvalid(
        field,
        'not-own-party',
        `${partyId} is one of the partner's own party ids`,
      );
    }
    if (seen.has(partyId)) throw PartnerErrors.roamingPartnersInvalid(field, 'unique', `${partyId} is listed twice`);
    seen.add(partyId);
  });
  return [...seen].sort();
}
