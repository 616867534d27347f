import { PartyId } from '@roaming/shared-kernel';
import { PARTNER_ROLES, type PartnerRole } from './partner.events';
import { PartnerErrors } from './partner.errors';

export const PARTNER_NAME_MAX_LENGTH = 200;
export const PARTNER_CONTRACT_VERSION_MAX_LENGTH = 64;

/** What a partner registration carries once every field is checked and normalised. */
export interface PartnerRegistration {
  name: string;
  roles: PartnerRole[];
  partyIds: string[];
  partnerContractVersion: string;
}

/**
 * Checks and normalises a registration: a company name, at least one role, at least one party id (normalised like
 * 'DEABC', each at most once), and the version of the partner contract the partner accepted — GeM UC 1374 refuses
 * an account whose partner contract was not accepted. Roles and party ids come back sorted, so that two
 * registrations that mean the same compare equal.
 *
 * An auditor is registered alone and without party ids: it acts for no market party, and a market participant
 * holding the auditor role could read its competitors' histories and check its own books.
 */
export function parsePartnerRegistration(input: {
  name: string;
  roles: readonly string[];
  partyIds: readonly string[];
  partnerContractVersion: string;
}): PartnerRegistration {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') throw PartnerErrors.nameInvalid('required', 'name is required');
  if (name.length > PARTNER_NAME_MAX_LENGTH) {
    throw PartnerErrors.nameInvalid('max-length', `name must be at most ${PARTNER_NAME_MAX_LENGTH} characters`);
  }

  if (!Array.isArray(input.roles) || input.roles.length === 0) {
    throw PartnerErrors.rolesInvalid('required', `roles must name at least one of ${PARTNER_ROLES.join(', ')}`);
  }
  const roles = new Set<PartnerRole>();
  for (const role of input.roles) {
    if (!PARTNER_ROLES.includes(role as PartnerRole)) {
      throw PartnerErrors.rolesInvalid('one-of', `role '${String(role)}' is not one of ${PARTNER_ROLES.join(', ')}`);
    }
    if (roles.has(role as PartnerRole)) throw PartnerErrors.rolesInvalid('unique', `role ${role} is listed twice`);
    roles.add(role as PartnerRole);
  }

  const auditor = roles.has('auditor');
  if (auditor && roles.size > 1) {
    throw PartnerErrors.rolesInvalid('auditor-alone', 'an auditor holds no other role');
  }
  if (auditor && Array.isArray(input.partyIds) && input.partyIds.length > 0) {
    throw PartnerErrors.partyIdsInvalid('none-for-auditor', 'an auditor acts for no party: partyIds must be empty');
  }
  if (!auditor && (!Array.isArray(input.partyIds) || input.partyIds.length === 0)) {
    throw PartnerErrors.partyIdsInvalid('required', 'partyIds must hold at least one party id');
  }
  const partyIds = new Set<string>();
  (input.partyIds ?? []).forEach((raw, index) => {
    const partyId = PartyId.parse(raw, `partyIds.${index}`).value;
    if (partyIds.has(partyId)) {
      throw PartnerErrors.partyIdsInvalid('unique', `party id ${partyId} is listed twice`);
    }
    partyIds.add(partyId);
  });

  const partnerContractVersion =
    typeof input.partnerContractVersion === 'string' ? input.partnerContractVersion.trim() : '';
  if (partnerContractVersion === '') {
    throw PartnerErrors.contractVersionInvalid(
      'required',
      'partnerContractVersion is required: the partner must accept the partner contract (GeM UC 1374)',
    );
  }
  if (partnerContractVersion.length > PARTNER_CONTRACT_VERSION_MAX_LENGTH) {
    throw PartnerErrors.contractVersionInvalid(
      'max-length',
      `partnerContractVersion must be at most ${PARTNER_CONTRACT_VERSION_MAX_LENGTH} characters`,
    );
  }

  return {
    name,
    roles: [...roles].sort(),
    partyIds: [...partyIds].sort(),
    partnerContractVersion,
  };
}
