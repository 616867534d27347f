import { deciderSpec } from '@roaming/testing';
import type { PartnerCommand } from './partner.commands';
import { partnerDecider } from './partner.decider';
import type { PartnerEvent } from './partner.events';

const partnerId = '00000000-0000-4000-8000-000000000001';
const at = '2026-03-01T10:00:00.000Z';
const later = '2026-03-02T10:00:00.000Z';
const keyHash = 'a'.repeat(64);

const register = (overrides: Partial<Extract<PartnerCommand, { type: 'RegisterPartner' }>['data']> = {}) =>
  ({
    type: 'RegisterPartner',
    data: {
      partnerId,
      name: ' Example Charging GmbH ',
      roles: ['emsp', 'cpo'],
      partyIds: ['nl-evb', 'DE*ABC'],
      partnerContractVersion: 'PC-2026-01',
      at,
      ...overrides,
    },
  }) as const satisfies PartnerCommand;

const registered: PartnerEvent = {
  type: 'PartnerRegistered',
  data: {
    partnerId,
    name: 'Example Charging GmbH',
    roles: ['cpo', 'emsp'],
    partyIds: ['DEABC', 'NLEVB'],
    partnerContractVersion: 'PC-2026-01',
    registeredAt: at,
  },
};
const issued: PartnerEvent = {
  type: 'PartnerCredentialIssued',
  data: { partnerId, keyId: 'key-1', keyHash, roles: ['cpo', 'emsp'], partyIds: ['DEABC', 'NLEVB'], issuedAt: later },
};
const revoked: PartnerEvent = {
  type: 'PartnerCredentialRevoked',
  data: { partnerId, keyId: 'key-1', revokedAt: later },
};
const suspended: PartnerEvent = {
  type: 'PartnerSuspended',
  data: { partnerId, reason: 'unpaid fees', suspendedAt: later },
};

const spec = () => deciderSpec(partnerDecider);

describe('partner decider', () => {
  describe('RegisterPartner', () => {
    it('registers a partner with normalised, sorted roles and party ids (GeM UC 1374)', () => {
      spec().when(register()).then([registered]);
    });

    it('refuses a registration without an accepted partner contract (GeM UC 1374)', () => {
      spec()
        .when(register({ partnerContractVersion: '  ' }))
        .thenThrows('PARTNER_CONTRACT_VERSION_INVALID', 'validation');
    });

    it('refuses an empty or over-long name', () => {
      spec()
        .when(register({ name: '' }))
        .thenThrows('PARTNER_NAME_INVALID', 'validation');
      spec()
        .when(register({ name: 'x'.repeat(201) }))
        .thenThrows('PARTNER_NAME_INVALID', 'validation');
    });

    it('refuses no role, an unknown role and a repeated role', () => {
      spec()
        .when(register({ roles: [] }))
        .thenThrows('PARTNER_ROLES_INVALID', 'validation');
      spec()
        .when(register({ roles: ['operator'] }))
        .thenThrows('PARTNER_ROLES_INVALID', 'validation');
      spec()
        .when(register({ roles: ['cpo', 'cpo'] }))
        .thenThrows('PARTNER_ROLES_INVALID', 'validation');
    });

    it('refuses no party id, a malformed one, and one listed twice in two spellings', () => {
      spec()
        .when(register({ partyIds: [] }))
        .thenThrows('PARTY_IDS_INVALID', 'validation');
      const error = spec()
        .when(register({ partyIds: ['DEABC', 'nope'] }))
        .thenThrows('PARTY_ID_INVALID', 'validation');
      expect(error.details).toMatchObject({ field: 'partyIds.1' });
      spec()
        .when(register({ partyIds: ['DE*ABC', 'de-abc'] }))
        .thenThrows('PARTY_IDS_INVALID', 'validation');
    });

    it('changes nothing when the same registration is retried', () => {
      spec()
        .given([registered])
        .when(register({ at: later }))
        .thenNothing();
    });

    it('refuses a different registration under an existing partner id', () => {
      spec()
        .given([registered])
        .when(register({ name: 'Other GmbH' }))
        .thenThrows('PARTNER_ALREADY_REGISTERED', 'conflict');
    });
  });

  describe('IssuePartnerCredential', () => {
    const issue = { type: 'IssuePartnerCredential', data: { partnerId, keyId: 'key-1', keyHash, at: later } } as const;

    it('issues a key scoped to the partner roles and party ids, storing only its hash', () => {
      spec().given([registered]).when(issue).then([issued]);
    });

    it('refuses an unknown partner', () => {
      spec().when(issue).thenThrows('PARTNER_NOT_FOUND', 'notFound');
    });

    it('refuses a suspended partner (GeM 1369)', () => {
      spec().given([registered, suspended]).when(issue).thenThrows('PARTNER_NOT_ACTIVE', 'illegalState');
    });

    it('refuses a key id issued before and a hash that is not SHA-256 hex', () => {
      spec().given([registered, issued]).when(issue).thenThrows('CREDENTIAL_EXISTS', 'conflict');
      spec()
        .given([registered])
        .when({ ...issue, data: { ...issue.data, keyHash: 'the-key-itself' } })
        .thenThrows('KEY_HASH_INVALID', 'validation');
    });
  });

  describe('RevokePartnerCredential', () => {
    const revoke = { type: 'RevokePartnerCredential', data: { partnerId, keyId: 'key-1', at: later } } as const;

    it('revokes an active key', () => {
      const state = spec().given([registered, issued]).when(revoke).then([revoked]);
      expect(state).toMatchObject({ credentials: [{ keyId: 'key-1', status: 'revoked' }] });
    });

    it('revokes a key of a suspended partner too', () => {
      spec().given([registered, issued, suspended]).when(revoke).then([revoked]);
    });

    it('changes nothing when the key is already revoked', () => {
      spec().given([registered, issued, revoked]).when(revoke).thenNothing();
    });

    it('refuses an unknown key and an unknown partner', () => {
      spec().given([registered]).when(revoke).thenThrows('CREDENTIAL_NOT_FOUND', 'notFound');
      spec().when(revoke).thenThrows('PARTNER_NOT_FOUND', 'notFound');
    });
  });

  describe('SuspendPartner / ReactivatePartner (GeM 1369, UC 1379)', () => {
    const suspend = { type: 'SuspendPartner', data: { partnerId, reason: ' unpaid fees ', at: later } } as const;
    const reactivate = { type: 'ReactivatePartner', data: { partnerId, at: later } } as const;

    it('suspends an active partner', () => {
      const state = spec().given([registered]).when(suspend).then([suspended]);
      expect(state).toMatchObject({ status: 'suspended' });
    });

    it('records no reason when none is given', () => {
      spec()
        .given([registered])
        .when({ ...suspend, data: { ...suspend.data, reason: null } })
        .then([{ type: 'PartnerSuspended', data: { partnerId, reason: null, suspendedAt: later } }]);
    });

    it('changes nothing when suspending a suspended partner', () => {
      spec().given([registered, suspended]).when(suspend).thenNothing();
    });

    it('reactivates a suspended partner', () => {
      const state = spec()
        .given([registered, suspended])
        .when(reactivate)
        .then([{ type: 'PartnerReactivated', data: { partnerId, reactivatedAt: later } }]);
      expect(state).toMatchObject({ status: 'active' });
    });

    it('changes nothing when reactivating an active partner', () => {
      spec().given([registered]).when(reactivate).thenNothing();
    });

    it('refuses both for an unknown partner', () => {
      spec().when(suspend).thenThrows('PARTNER_NOT_FOUND', 'notFound');
      spec().when(reactivate).thenThrows('PARTNER_NOT_FOUND', 'notFound');
    });
  });
});
