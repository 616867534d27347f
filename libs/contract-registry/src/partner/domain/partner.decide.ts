import type {
  DeactivatePartner,
  DeclareRoamingPartners,
  IssuePartnerCredential,
  PartnerCommand,
  ReactivatePartner,
  RegisterPartner,
  RevokePartnerCredential,
  RotatePartnerCredential,
  SetPartnerEndpoints,
  SuspendPartner,
} from './partner.commands';
import { parsePartnerEndpoints, sameEndpoints } from './partner-endpoints';
import type { PartnerEvent } from './partner.events';
import { PartnerErrors } from './partner.errors';
import { parsePartnerRegistration } from './partner-registration';
import type { PartnerState, RegisteredPartner } from './partner.state';
import { parseRoamingPartners } from './roaming-partners';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** 32 bytes, base64url without padding. */
const ED25519_PUBLIC_KEY = /^[A-Za-z0-9_-]{43}$/;

export function decidePartner(command: PartnerCommand, state: PartnerState): PartnerEvent[] {
  switch (command.type) {
    case 'RegisterPartner':
      return register(command, state);
    case 'IssuePartnerCredential':
      return issueCredential(command, registered(state, command.data.partnerId));
    case 'RevokePartnerCredential':
      return revokeCredential(command, registered(state, command.data.partnerId));
    case 'RotatePartnerCredential':
      return rotateCredential(command, registered(state, command.data.partnerId));
    case 'SuspendPartner':
      return suspend(command, registered(state, command.data.partnerId));
    case 'ReactivatePartner':
      return reactivate(command, registered(state, command.data.partnerId));
    case 'DeactivatePartner':
      return deactivate(command, registered(state, command.data.partnerId));
    case 'SetPartnerEndpoints':
      return setEndpoints(command, registered(state, command.data.partnerId));
    case 'DeclareRoamingPartners':
      return declareRoamingPartners(command, registered(state, command.data.partnerId));
  }
}

function registered(state: PartnerState, partnerId: string): RegisteredPartner {
  if (state.kind !== 'registered') throw PartnerErrors.notFound(partnerId);
  return state;
}

function register({ data }: RegisterPartner, state: PartnerState): PartnerEvent[] {
  const registration = parsePartnerRegistration(data);
  if (state.kind === 'registered') {
    // A retried registration (same Idempotency-Key, same partner id) that asks for the same thing changes nothing.
    const same =
      state.name === registration.name &&
      sameList(state.roles, registration.roles) &&
      sameList(state.partyIds, registration.partyIds) &&
      state.partnerContractVersion === registration.partnerContractVersion;
    if (same) return [];
    throw PartnerErrors.alreadyRegistered(data.partnerId);
  }
  return [
    {
      type: 'PartnerRegistered',
      data: { partnerId: data.partnerId, ...registration, registeredAt: data.at },
    },
  ];
}

function issueCredential({ data }: IssuePartnerCredential, partner: RegisteredPartner): PartnerEvent[] {
  if (!SHA256_HEX.test(data.keyHash)) throw PartnerErrors.keyHashInvalid();
  if (!ED25519_PUBLIC_KEY.test(data.signingPublicKey)) throw PartnerErrors.signingPublicKeyInvalid();
  // A suspended or deactivated partner gets no new access (GeM 1369: an inactive account has no access mechanism).
  if (partner.status !== 'active') throw PartnerErrors.notActive(partner.partnerId, partner.status);
  if (partner.credentials.some((c) => c.keyId === data.keyId)) throw PartnerErrors.credentialExists(data.keyId);
  return [issued(partner, data.keyId, data.keyHash, data.signingPublicKey, data.at)];
}

function revokeCredential({ data }: RevokePartnerCredential, partner: RegisteredPartner): PartnerEvent[] {
  const credential = partner.credentials.find((c) => c.keyId === data.keyId);
  if (!credential) throw PartnerErrors.credentialNotFound(partner.partnerId, data.keyId);
  // Revoking is allowed in any partner status (a leaked key must be stoppable) and is idempotent.
  if (credential.status === 'revoked') return [];
  return [
    { type: 'PartnerCredentialRevoked', data: { partnerId: partner.partnerId, keyId: data.keyId, revokedAt: data.at } },
  ];
}

/**
 * Rotation: the new key and the revocation of the old one are one decision, appended together, so a partner is never
 * left without a key nor with a key it meant to retire.
 */
function rotateCredential({ data }: RotatePartnerCredential, partner: RegisteredPartner): PartnerEvent[] {
  if (!SHA256_HEX.test(data.newKeyHash)) throw PartnerErrors.keyHashInvalid();
  if (!ED25519_PUBLIC_KEY.test(data.newSigningPublicKey)) throw PartnerErrors.signingPublicKeyInvalid();
  const old = partner.credentials.find((c) => c.keyId === data.oldKeyId);
  if (!old) throw PartnerErrors.credentialNotFound(partner.partnerId, data.oldKeyId);
  if (old.status === 'revoked') throw PartnerErrors.credentialNotActive(data.oldKeyId);
  if (partner.status !== 'active') throw PartnerErrors.notActive(partner.partnerId, partner.status);
  if (partner.credentials.some((c) => c.keyId === data.newKeyId)) throw PartnerErrors.credentialExists(data.newKeyId);
  return [
    issued(partner, data.newKeyId, data.newKeyHash, data.newSigningPublicKey, data.at),
    {
      type: 'PartnerCredentialRevoked',
      data: { partnerId: partner.partnerId, keyId: data.oldKeyId, revokedAt: data.at },
    },
  ];
}

function issued(
  partner: RegisteredPartner,
  keyId: string,
  keyHash: string,
  signingPublicKey: string,
  at: string,
): PartnerEvent {
  return {
    type: 'PartnerCredentialIssued',
    data: {
      partnerId: partner.partnerId,
      keyId,
      keyHash,
      signingPublicKey,
      roles: [...partner.roles],
      partyIds: [...partner.partyIds],
      issuedAt: at,
    },
  };
}

function suspend({ data }: SuspendPartner, partner: RegisteredPartner): PartnerEvent[] {
  if (partner.status === 'suspended') return [];
  if (partner.status === 'deactivated') throw PartnerErrors.deactivated(partner.partnerId);
  const reason = data.reason?.trim() || null;
  return [{ type: 'PartnerSuspended', data: { partnerId: partner.partnerId, reason, suspendedAt: data.at } }];
}

function reactivate({ data }: ReactivatePartner, partner: RegisteredPartner): PartnerEvent[] {
  if (partner.status === 'active') return [];
  return [{ type: 'PartnerReactivated', data: { partnerId: partner.partnerId, reactivatedAt: data.at } }];
}

/**
 * Deactivation (GeM UC 1380). Whether agreements still bind the partner is the business of its parties' ledgers,
 * retired in the same transaction by the handler; here only the partner's own status counts.
 */
function deactivate({ data }: DeactivatePartner, partner: RegisteredPartner): PartnerEvent[] {
  if (partner.status === 'deactivated') return [];
  const reason = data.reason?.trim() || null;
  return [{ type: 'PartnerDeactivated', data: { partnerId: partner.partnerId, reason, deactivatedAt: data.at } }];
}

function setEndpoints({ data }: SetPartnerEndpoints, partner: RegisteredPartner): PartnerEvent[] {
  const endpoints = parsePartnerEndpoints(data.endpoints, partner.endpoints, partner.roles);
  if (sameEndpoints(endpoints, partner.endpoints)) return [];
  return [
    {
      type: 'PartnerEndpointsChanged',
      data: {
        partnerId: partner.partnerId,
        partyIds: [...partner.partyIds],
        roles: [...partner.roles],
        ...endpoints,
        changedAt: data.at,
      },
    },
  ];
}

function declareRoamingPartners({ data }: DeclareRoamingPartners, partner: RegisteredPartner): PartnerEvent[] {
  if (!partner.roles.includes('emsp')) throw PartnerErrors.notEmsp(partner.partnerId);
  const roamingPartners = parseRoamingPartners(data.roamingPartners, partner.partyIds);
  if (sameList(roamingPartners, partner.roamingPartners)) return [];
  return [
    {
      type: 'PartnerRoamingPartnersDeclared',
      data: { partnerId: partner.partnerId, roamingPartners, declaredAt: data.at },
    },
  ];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((value, i) => value === [...b].sort()[i]);
}
