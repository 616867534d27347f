import { deciderSpec } from '@roaming/testing';
import type { PartnerCommand } from './partner.commands';
import { partnerDecider } from './partner.decider';
import type { PartnerEvent } from './partner.events';

const partnerId = '00000000-0000-4000-8000-000000000001';
const at = '2026-03-01T10:00:00.000Z';
const later = '2026-03-02T10:00:00.000Z';
const keyHash = 'a'.repeat(64);
const signingPublicKey = 'A'.repeat(43);

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
  data: {
    partnerId,
    keyId: 'key-1',
    keyHash,
    signingPublicKey,
    roles: ['cpo', 'emsp'],
    partyIds: ['DEABC', 'NLEVB'],
    issuedAt: later,
  },
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

    it('registers an auditor alone and without party ids; refuses it beside another role or acting for a party', () => {
      spec()
        .when(register({ roles: ['auditor'], partyIds: [] }))
        .then([
          expect.objectContaining({
            type: 'PartnerRegistered',
            data: expect.objectContaining({ roles: ['auditor'], partyIds: [] }),
          }),
        ]);
      const mixed = spec()
        .when(register({ roles: ['auditor', 'emsp'] }))
        .thenThrows('PARTNER_ROLES_INVALID', 'validation');
      expect(mixed.details).toMatchObject({ rule: 'auditor-alone' });
      const withParty = spec()
        .when(register({ roles: ['auditor'], partyIds: ['DEAUD'] }))
        .thenThrows('PARTY_IDS_INVALID', 'validation');
      expect(withParty.details).toMatchObject({ rule: 'none-for-auditor' });
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
    const issue = {
      type: 'IssuePartnerCredential',
      data: { partnerId, keyId: 'key-1', keyHash, signingPublicKey, at: later },
    } as const;

    it('issues a key scoped to the partner roles and party ids, storing only its hash and signing public key', () => {
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

    it('refuses a signing public key that is not 32 bytes of base64url (a hex hash, a private key, nothing)', () => {
      for (const invalid of [keyHash, 'A'.repeat(86), '', 'A'.repeat(42) + '=']) {
        spec()
          .given([registered])
          .when({ ...issue, data: { ...issue.data, signingPublicKey: invalid } })
          .thenThrows('SIGNING_PUBLIC_KEY_INVALID', 'validation');
      }
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

  describe('DeactivatePartner (GeM 1369, UC 1380) and reactivation (UC 1379)', () => {
    const deactivate = {
      type: 'DeactivatePartner',
      data: { partnerId, reason: ' left the market ', at: later },
    } as const;
    const deactivated: PartnerEvent = {
      type: 'PartnerDeactivated',
      data: { partnerId, reason: 'left the market', deactivatedAt: later },
    };

    it('deactivates an active or a suspended partner, once', () => {
      const state = spec().given([registered]).when(deactivate).then([deactivated]);
      expect(state).toMatchObject({ status: 'deactivated' });
      spec().given([registered, suspended]).when(deactivate).then([deactivated]);
      spec().given([registered, deactivated]).when(deactivate).thenNothing();
    });

    it('refuses to suspend a deactivated partner, or to issue it a key', () => {
      spec()
        .given([registered, deactivated])
        .when({ type: 'SuspendPartner', data: { partnerId, reason: null, at: later } })
        .thenThrows('PARTNER_DEACTIVATED', 'illegalState');
      spec()
        .given([registered, deactivated])
        .when({
          type: 'IssuePartnerCredential',
          data: { partnerId, keyId: 'key-2', keyHash, signingPublicKey, at: later },
        })
        .thenThrows('PARTNER_NOT_ACTIVE', 'illegalState');
    });

    it('reactivates a deactivated partner (UC 1379)', () => {
      const state = spec()
        .given([registered, deactivated])
        .when({ type: 'ReactivatePartner', data: { partnerId, at: later } })
        .then([{ type: 'PartnerReactivated', data: { partnerId, reactivatedAt: later } }]);
      expect(state).toMatchObject({ status: 'active' });
    });

    it('refuses an unknown partner', () => {
      spec().when(deactivate).thenThrows('PARTNER_NOT_FOUND', 'notFound');
    });
  });

  describe('RotatePartnerCredential (issue new + revoke old in one step)', () => {
    const rotate = (oldKeyId = 'key-1', newKeyId = 'key-2') =>
      ({
        type: 'RotatePartnerCredential',
        data: {
          partnerId,
          oldKeyId,
          newKeyId,
          newKeyHash: 'c'.repeat(64),
          newSigningPublicKey: 'C'.repeat(43),
          at: later,
        },
      }) as const;

    it('issues the new key and revokes the old one in one decision', () => {
      const state = spec()
        .given([registered, issued])
        .when(rotate())
        .then([
          {
            type: 'PartnerCredentialIssued',
            data: {
              partnerId,
              keyId: 'key-2',
              keyHash: 'c'.repeat(64),
              signingPublicKey: 'C'.repeat(43),
              roles: ['cpo', 'emsp'],
              partyIds: ['DEABC', 'NLEVB'],
              issuedAt: later,
            },
          },
          { type: 'PartnerCredentialRevoked', data: { partnerId, keyId: 'key-1', revokedAt: later } },
        ]);
      expect(state).toMatchObject({
        credentials: [
          { keyId: 'key-1', status: 'revoked' },
          { keyId: 'key-2', status: 'active' },
        ],
      });
    });

    it('refuses to rotate an unknown or revoked key, for a suspended partner, or onto a used key id', () => {
      spec().given([registered, issued]).when(rotate('key-9')).thenThrows('CREDENTIAL_NOT_FOUND', 'notFound');
      spec().given([registered, issued, revoked]).when(rotate()).thenThrows('CREDENTIAL_NOT_ACTIVE', 'illegalState');
      spec().given([registered, issued, suspended]).when(rotate()).thenThrows('PARTNER_NOT_ACTIVE', 'illegalState');
      spec().given([registered, issued]).when(rotate('key-1', 'key-1')).thenThrows('CREDENTIAL_EXISTS', 'conflict');
      spec()
        .given([registered, issued])
        .when({ ...rotate(), data: { ...rotate().data, newSigningPublicKey: 'c'.repeat(64) } })
        .thenThrows('SIGNING_PUBLIC_KEY_INVALID', 'validation');
    });
  });

  describe('SetPartnerEndpoints (IEC 63119 UC4-1/UC4-2: contracts at the hub or asked at home)', () => {
    const set = (endpoints: Record<string, unknown>) =>
      ({ type: 'SetPartnerEndpoints', data: { partnerId, endpoints, at: later } }) as const;

    it('records all endpoints, normalised, with the partner scope', () => {
      const state = spec()
        .given([registered])
        .when(
          set({
            webhookUrl: 'https://backend.example.com/hooks',
            authorizationUrl: 'https://backend.example.com/authorize',
            storesContractsAtHub: false,
            authorizationTimeoutMs: 2500,
          }),
        )
        .then([
          {
            type: 'PartnerEndpointsChanged',
            data: {
              partnerId,
              partyIds: ['DEABC', 'NLEVB'],
              roles: ['cpo', 'emsp'],
              webhookUrl: 'https://backend.example.com/hooks',
              authorizationUrl: 'https://backend.example.com/authorize',
              commandUrl: null,
              storesContractsAtHub: false,
              authorizationTimeoutMs: 2500,
              changedAt: later,
            },
          },
        ]);
      expect(state).toMatchObject({ endpoints: { storesContractsAtHub: false } });
    });

    it('keeps fields that are left out, and changes nothing when nothing differs', () => {
      const changed: PartnerEvent = {
        type: 'PartnerEndpointsChanged',
        data: {
          partnerId,
          partyIds: ['DEABC', 'NLEVB'],
          roles: ['cpo', 'emsp'],
          webhookUrl: 'https://a.example/h',
          authorizationUrl: null,
          commandUrl: null,
          storesContractsAtHub: true,
          authorizationTimeoutMs: null,
          changedAt: later,
        },
      };
      spec()
        .given([registered, changed])
        .when(set({ storesContractsAtHub: true }))
        .thenNothing();
      spec()
        .given([registered, changed])
        .when(set({ commandUrl: 'http://localhost:8080/commands' }))
        .then([
          { ...changed, data: { ...changed.data, commandUrl: 'http://localhost:8080/commands' } } as PartnerEvent,
        ]);
    });

    it('refuses plain http off loopback, relative URLs, credentials in URLs and an out-of-range timeout', () => {
      for (const [endpoints, field, rule] of [
        [{ webhookUrl: 'http://backend.example.com/h' }, 'webhookUrl', 'https'],
        [{ authorizationUrl: '/authorize' }, 'authorizationUrl', 'absolute-url'],
        [{ commandUrl: 'https://user:pw@example.com/c' }, 'commandUrl', 'no-credentials'],
        [{ authorizationTimeoutMs: 60_000 }, 'authorizationTimeoutMs', 'range'],
      ] as const) {
        const error = spec()
          .given([registered])
          .when(set(endpoints))
          .thenThrows('PARTNER_ENDPOINTS_INVALID', 'validation');
        expect(error.details).toEqual({ field, rule });
      }
    });

    it('refuses keeping contracts at home without an authorization endpoint, and for a CPO-only partner', () => {
      const error = spec()
        .given([registered])
        .when(set({ storesContractsAtHub: false }))
        .thenThrows('PARTNER_ENDPOINTS_INVALID');
      expect(error.details).toMatchObject({ field: 'authorizationUrl', rule: 'required-when-contracts-at-home' });
      const cpoOnly: PartnerEvent = { ...registered, data: { ...registered.data, roles: ['cpo'] } } as PartnerEvent;
      spec()
        .given([cpoOnly])
        .when(set({ storesContractsAtHub: false, authorizationUrl: 'https://x.example/a' }))
        .thenThrows('PARTNER_ENDPOINTS_INVALID');
    });
  });

  describe('DeclareRoamingPartners (GeM 1291)', () => {
    const declare = (roamingPartners: string[]) =>
      ({ type: 'DeclareRoamingPartners', data: { partnerId, roamingPartners, at: later } }) as const;

    it('records the sorted, normalised list, and nothing when it is the same', () => {
      spec()
        .given([registered])
        .when(declare(['FR*XYZ', 'be-cpo']))
        .then([
          {
            type: 'PartnerRoamingPartnersDeclared',
            data: { partnerId, roamingPartners: ['BECPO', 'FRXYZ'], declaredAt: later },
          },
        ]);
      const declared: PartnerEvent = {
        type: 'PartnerRoamingPartnersDeclared',
        data: { partnerId, roamingPartners: ['BECPO', 'FRXYZ'], declaredAt: later },
      };
      spec()
        .given([registered, declared])
        .when(declare(['FRXYZ', 'BECPO']))
        .thenNothing();
    });

    it('refuses an own party id, a repeated one and a malformed one', () => {
      spec()
        .given([registered])
        .when(declare(['DEABC']))
        .thenThrows('ROAMING_PARTNERS_INVALID', 'validation');
      spec()
        .given([registered])
        .when(declare(['FRXYZ', 'FR-XYZ']))
        .thenThrows('ROAMING_PARTNERS_INVALID');
      spec()
        .given([registered])
        .when(declare(['X']))
        .thenThrows('PARTY_ID_INVALID');
    });

    it('refuses a partner that is no EVSP', () => {
      const cpoOnly: PartnerEvent = { ...registered, data: { ...registered.data, roles: ['cpo'] } } as PartnerEvent;
      spec()
        .given([cpoOnly])
        .when(declare(['FRXYZ']))
        .thenThrows('PARTNER_NOT_EMSP', 'illegalState');
    });
  });
});
