import { type IntegrationMessage, IntegrationMessageError } from '@roaming/contracts';
import { registryViewChange } from './registry-view.changes';

const message = (type: string, data: Record<string, unknown>): IntegrationMessage => ({
  type,
  schemaVersion: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  data,
});

const KEY_HASH = 'a'.repeat(64);

describe('registry view changes (GeM 983 white list kept in the hub; IEC 63119-2 UC4-2 pre-distributed identification data)', () => {
  it('reads a partner registration, normalising party ids', () => {
    expect(
      registryViewChange(
        message('PartnerRegistered', {
          partnerId: 'p-1',
          name: 'Provider',
          roles: ['emsp'],
          partyIds: ['de*8aa', 'DE8AA'],
        }),
      ),
    ).toEqual({ kind: 'partnerRegistered', partnerId: 'p-1', partyIds: ['DE8AA'], roles: ['emsp'] });
  });

  it('reads a partner status change', () => {
    expect(registryViewChange(message('PartnerStatusChanged', { partnerId: 'p-1', status: 'suspended' }))).toEqual({
      kind: 'partnerStatusChanged',
      partnerId: 'p-1',
      status: 'suspended',
    });
  });

  it('reads an issued credential (key hash and signing public key) and drops roles it does not know', () => {
    expect(
      registryViewChange(
        message('PartnerCredentialIssued', {
          partnerId: 'p-1',
          keyId: 'k-1',
          keyHash: KEY_HASH.toUpperCase(),
          signingPublicKey: 'Q'.repeat(43),
          roles: ['cpo', 'billing'],
          partyIds: ['DE-ABC'],
        }),
      ),
    ).toEqual({
      kind: 'credentialIssued',
      partnerId: 'p-1',
      keyId: 'k-1',
      keyHash: KEY_HASH,
      signingPublicKey: 'Q'.repeat(43),
      partyIds: ['DEABC'],
      roles: ['cpo'],
    });
  });

  it('reads a credential issued before signing keys as one without a signing key (it cannot sign Kafka messages)', () => {
    expect(
      registryViewChange(
        message('PartnerCredentialIssued', {
          partnerId: 'p-1',
          keyId: 'k-0',
          keyHash: KEY_HASH,
          roles: ['cpo'],
          partyIds: ['DEABC'],
        }),
      ),
    ).toMatchObject({ kind: 'credentialIssued', keyId: 'k-0', signingPublicKey: null });
  });

  it('reads a revoked credential', () => {
    expect(registryViewChange(message('PartnerCredentialRevoked', { partnerId: 'p-1', keyId: 'k-1' }))).toEqual({
      kind: 'credentialRevoked',
      partnerId: 'p-1',
      keyId: 'k-1',
    });
  });

  it('reads an agreement with its validity window as ISO instants', () => {
    expect(
      registryViewChange(
        message('RoamingAgreementStatusChanged', {
          agreementId: 'a-1',
          cpoPartyId: 'DE*ABC',
          emspPartyId: 'DE-8AA',
          status: 'active',
          validFrom: '2026-01-01T01:00:00+01:00',
          validUntil: null,
        }),
      ),
    ).toEqual({
      kind: 'agreementChanged',
      agreementId: 'a-1',
      cpoPartyId: 'DEABC',
      emspPartyId: 'DE8AA',
      status: 'active',
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: null,
      tariffId: null,
      timeoutPolicy: 'deny',
    });
  });

  it('GeM 982 / IEC 63119-2 UC4-1: reads the negotiated tariff and the timeout policy of an agreement', () => {
    expect(
      registryViewChange(
        message('RoamingAgreementStatusChanged', {
          agreementId: 'a-1',
          cpoPartyId: 'DEABC',
          emspPartyId: 'DE8AA',
          status: 'suspended',
          validFrom: '2026-01-01T00:00:00Z',
          validUntil: null,
          tariffId: 'tariff-7',
          timeoutPolicy: 'allow-offline',
        }),
      ),
    ).toMatchObject({ status: 'suspended', tariffId: 'tariff-7', timeoutPolicy: 'allow-offline' });
  });

  it('reads an agreement status it does not know as terminated: never usable for roaming', () => {
    const change = registryViewChange(
      message('RoamingAgreementStatusChanged', {
        agreementId: 'a-1',
        cpoPartyId: 'DEABC',
        emspPartyId: 'DE8AA',
        status: 'deactivated',
        validFrom: '2026-01-01T00:00:00Z',
        validUntil: null,
      }),
    );
    expect(change).toMatchObject({ status: 'terminated' });
  });

  it("reads a partner's endpoints: where a provider that keeps contracts at home answers, and a CPO's command URL", () => {
    expect(
      registryViewChange(
        message('PartnerEndpointsChanged', {
          partnerId: 'emsp-1',
          authorizationUrl: 'https://emsp.example/authorize',
          contractsStoredAtHub: false,
          authorizationTimeoutMs: 1500,
        }),
      ),
    ).toEqual({
      kind: 'endpointsChanged',
      partnerId: 'emsp-1',
      partyIds: null,
      authorizationUrl: 'https://emsp.example/authorize',
      contractsAtHub: false,
      authorizationTimeoutMs: 1500,
      commandUrl: null,
    });
    expect(
      registryViewChange(message('PartnerEndpointsChanged', { partnerId: 'cpo-1', commandUrl: 'http://cpo/cmd' })),
    ).toMatchObject({ contractsAtHub: true, authorizationUrl: null, commandUrl: 'http://cpo/cmd' });
  });

  it('reads PartnerEndpointsChanged as the registry publishes it (v1), capping a timeout a driver could not wait out', () => {
    expect(
      registryViewChange(
        message('PartnerEndpointsChanged', {
          partnerId: 'emsp-2',
          partyIds: ['FR*HOM'],
          roles: ['emsp'],
          webhookUrl: null,
          authorizationUrl: 'https://home.example/authorize',
          commandUrl: null,
          storesContractsAtHub: false,
          contractsStoredAtHub: false,
          authorizationTimeoutMs: 60_000,
        }),
      ),
    ).toEqual({
      kind: 'endpointsChanged',
      partnerId: 'emsp-2',
      partyIds: ['FRHOM'],
      authorizationUrl: 'https://home.example/authorize',
      contractsAtHub: false,
      authorizationTimeoutMs: 10_000,
      commandUrl: null,
    });
  });

  it('reads a token, normalising an RFID uid the way lookups do', () => {
    expect(
      registryViewChange(
        message('TokenStatusChanged', {
          emaid: 'DE8AACA2B3C4D5L',
          emspPartyId: 'DE8AA',
          tokenUid: '04:a2:b3:c4',
          tokenType: 'RFID',
          status: 'blocked',
          validUntil: '2027-01-01T00:00:00Z',
        }),
      ),
    ).toEqual({
      kind: 'tokenChanged',
      tokenType: 'RFID',
      tokenUid: '04A2B3C4',
      emaid: 'DE8AACA2B3C4D5L',
      emspPartyId: 'DE8AA',
      status: 'blocked',
      validUntil: '2027-01-01T00:00:00.000Z',
      allowedServices: null,
      allowOffline: true,
    });
  });

  it('reads the services a token allows and whether it is whitelisted for offline use (UC4-2; absent = yes, as the registry publishes)', () => {
    const token = {
      emaid: 'DE8AACA2B3C4D5L',
      emspPartyId: 'DE8AA',
      tokenUid: 'app-user-1',
      tokenType: 'APP',
      status: 'active',
      validUntil: null,
    };
    expect(
      registryViewChange(message('TokenStatusChanged', { ...token, allowedServices: ['charging', 'RESERVATION'] })),
    ).toMatchObject({ tokenUid: 'app-user-1', allowedServices: ['CHARGING', 'RESERVATION'], allowOffline: true });
    expect(registryViewChange(message('TokenStatusChanged', { ...token, allowOffline: false }))).toMatchObject({
      allowOffline: false,
    });
    expect(registryViewChange(message('TokenStatusChanged', { ...token, allowOffline: true }))).toMatchObject({
      allowOffline: true,
    });
    expect(registryViewChange(message('TokenStatusChanged', { ...token, whitelist: 'ALLOWED_OFFLINE' }))).toMatchObject(
      { allowOffline: true },
    );
    expect(registryViewChange(message('TokenStatusChanged', { ...token, whitelist: 'ALLOWED' }))).toMatchObject({
      allowOffline: false,
    });
  });

  it('ignores message types it does not use (tolerant reader)', () => {
    expect(registryViewChange(message('TariffPublished', { tariffId: 't-1' }))).toBeUndefined();
  });

  it('ignores fields it does not know', () => {
    const change = registryViewChange(
      message('PartnerStatusChanged', {
        partnerId: 'p-1',
        status: 'active',
        reason: 'paid',
      }),
    );
    expect(change).toEqual({ kind: 'partnerStatusChanged', partnerId: 'p-1', status: 'active' });
  });

  it.each([
    ['PartnerRegistered', { partnerId: 'p-1', roles: ['emsp'], partyIds: ['nope'] }, /partyIds/],
    ['PartnerStatusChanged', { partnerId: 'p-1', status: 'asleep' }, /status/],
    ['PartnerCredentialIssued', { partnerId: 'p-1', keyId: 'k', keyHash: 'xyz', roles: [], partyIds: [] }, /keyHash/],
    [
      'PartnerCredentialIssued',
      {
        partnerId: 'p-1',
        keyId: 'k',
        keyHash: 'a'.repeat(64),
        signingPublicKey: 'a'.repeat(64),
        roles: [],
        partyIds: [],
      },
      /signingPublicKey/,
    ],
    [
      'RoamingAgreementStatusChanged',
      {
        agreementId: 'a',
        cpoPartyId: 'DEABC',
        emspPartyId: 'DE8AA',
        status: 'active',
        validFrom: 'soon',
        validUntil: null,
      },
      /validFrom/,
    ],
    [
      'TokenStatusChanged',
      { emspPartyId: 'DE8AA', tokenUid: '04A2B3C4', tokenType: 'RFID', status: 'active', validUntil: null },
      /emaid/,
    ],
    ['PartnerEndpointsChanged', { partnerId: 'p-1', authorizationUrl: 'ftp://x' }, /authorizationUrl/],
    ['PartnerEndpointsChanged', { partnerId: 'p-1', authorizationTimeoutMs: 0 }, /authorizationTimeoutMs/],
    ['PartnerEndpointsChanged', { partnerId: 'p-1', partyIds: ['x'] }, /partyIds/],
    [
      'TokenStatusChanged',
      {
        emaid: 'DE8AACA2B3C4D5L',
        emspPartyId: 'DE8AA',
        tokenUid: '04A2B3C4',
        tokenType: 'RFID',
        status: 'active',
        validUntil: null,
        allowedServices: 'CHARGING',
      },
      /allowedServices/,
    ],
  ])('refuses a %s without the fields it relies on, so that it is dead-lettered', (type, data, field) => {
    const attempt = () => registryViewChange(message(type, data));
    expect(attempt).toThrow(IntegrationMessageError);
    expect(attempt).toThrow(field);
  });
});
