import type {
  IssuePartnerCredential,
  PartnerCommand,
  ReactivatePartner,
  RegisterPartner,
  RevokePartnerCredential,
  SuspendPartner,
} from './partner.commands';
import type { PartnerEvent } from './partner.events';
import { PartnerErrors } from './partner.errors';
import { parsePartnerRegistration } from './partner-registration';
import type { PartnerState, RegisteredPartner } from './partner.state';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function decidePartner(command: PartnerCommand, state: PartnerState): PartnerEvent[] {
  switch (command.type) {
    case 'RegisterPartner':
      return register(command, state);
    case 'IssuePartnerCredential':
      return issueCredential(command, registered(state, command.data.partnerId));
    case 'RevokePartnerCredential':
      return revokeCredential(command, registered(state, command.data.partnerId));
    case 'SuspendPartner':
      return suspend(command, registered(state, command.data.partnerId));
    case 'ReactivatePartner':
      return reactivate(command, registered(state, command.data.partnerId));
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
  // A suspended partner gets no new access (GeM 1369: an inactive account has no access mechanism).
  if (partner.status !== 'active') throw PartnerErrors.notActive(partner.partnerId);
  if (partner.credentials.some((c) => c.keyId === data.keyId)) throw PartnerErrors.credentialExists(data.keyId);
  return [
    {
      type: 'PartnerCredentialIssued',
      data: {
        partnerId: partner.partnerId,
        keyId: data.keyId,
        keyHash: data.keyHash,
        roles: [...partner.roles],
        partyIds: [...partner.partyIds],
        issuedAt: data.at,
      },
    },
  ];
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

function suspend({ data }: SuspendPartner, partner: RegisteredPartner): PartnerEvent[] {
  if (partner.status === 'suspended') return [];
  const reason = data.reason?.trim() || null;
  return [{ type: 'PartnerSuspended', data: { partnerId: partner.partnerId, reason, suspendedAt: data.at } }];
}

function reactivate({ data }: ReactivatePartner, partner: RegisteredPartner): PartnerEvent[] {
  if (partner.status === 'active') return [];
  return [{ type: 'PartnerReactivated', data: { partnerId: partner.partnerId, reactivatedAt: data.at } }];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((value, i) => value === [...b].sort()[i]);
}
