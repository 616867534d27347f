import type { AgreementFacts } from '../../authorization/domain';
import { RegistryReplica, type ReplicaPartner } from './registry-replica';
import { parseChangedRows } from './registry-replica.sync';
import type { TokenRow } from './registry-view.contract-facts';

/** The in-memory registry view each authorization instance decides from (GeM 981/982 stage 1 and 2 facts). */
describe('RegistryReplica', () => {
  const token = (overrides: Partial<TokenRow> = {}): TokenRow => ({
    token_type: 'RFID',
    token_uid: '04A2B3C4',
    emaid: 'DE8AAC00000001X',
    emsp_party_id: 'DE8AA',
    status: 'active',
    valid_until: null,
    allowed_services: null,
    allow_offline: false,
    updated_at: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  });
  const agreement = (overrides: Partial<AgreementFacts> = {}): AgreementFacts => ({
    agreementId: 'ag-1',
    cpoPartyId: 'DEABC',
    emspPartyId: 'DE8AA',
    status: 'active',
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: null,
    tariffId: null,
    timeoutPolicy: 'deny',
    ...overrides,
  });
  const partner = (overrides: Partial<ReplicaPartner> = {}): ReplicaPartner => ({
    partnerId: 'emsp-1',
    partyIds: ['DE8AA'],
    status: 'active',
    contractsAtHub: true,
    authorizationUrl: null,
    authorizationTimeoutMs: null,
    ...overrides,
  });
  const rfid = (uid: string, cpoPartyId = 'DEABC') => ({
    cpoPartyId,
    type: 'RFID' as const,
    key: uid,
    namedProvider: null,
  });

  it("finds a token by type and uid, with the agreements of its provider and that provider's partners", () => {
    const replica = new RegistryReplica();
    replica.putToken('RFID', '04A2B3C4', token());
    replica.putAgreement('ag-1', agreement());
    replica.putPartner('emsp-1', partner());
    expect(replica.lookUp(rfid('04A2B3C4'))).toEqual({
      tokens: [token()],
      emspPartyId: 'DE8AA',
      agreements: [agreement()],
      providers: [partner()],
    });
    expect(replica.lookUp(rfid('04A2B3C4', 'DEXYZ')).agreements).toEqual([]);
    expect(replica.lookUp({ ...rfid('04A2B3C4'), type: 'APP' })).toEqual({
      tokens: [],
      emspPartyId: null,
      agreements: [],
      providers: [],
    });
  });

  it('answers a contract id with every token of the contract, and follows a token moving to another contract', () => {
    const replica = new RegistryReplica();
    replica.putToken('RFID', '04A2B3C4', token());
    replica.putToken('APP', 'app-1', token({ token_type: 'APP', token_uid: 'app-1' }));
    const byContract = (key: string) =>
      replica.lookUp({ cpoPartyId: 'DEABC', type: 'EMAID', key, namedProvider: null });
    expect(
      byContract('DE8AAC00000001X')
        .tokens.map((t) => t.token_uid)
        .sort(),
    ).toEqual(['04A2B3C4', 'app-1']);
    replica.putToken('APP', 'app-1', token({ token_type: 'APP', token_uid: 'app-1', emaid: 'DE8AAC00000002X' }));
    expect(byContract('DE8AAC00000001X').tokens.map((t) => t.token_uid)).toEqual(['04A2B3C4']);
    expect(byContract('DE8AAC00000002X').tokens.map((t) => t.token_uid)).toEqual(['app-1']);
    replica.putToken('RFID', '04A2B3C4', undefined);
    expect(byContract('DE8AAC00000001X').tokens).toEqual([]);
    expect(replica.size.tokens).toBe(1);
  });

  it('takes the provider of the newest matching token, else the one the contract id names', () => {
    const replica = new RegistryReplica();
    replica.putToken('RFID', '04000001', token({ token_uid: '04000001', emsp_party_id: 'DEOLD' }));
    replica.putToken(
      'APP',
      'app-1',
      token({ token_type: 'APP', token_uid: 'app-1', emsp_party_id: 'DENEW', updated_at: '2026-02-01T00:00:00Z' }),
    );
    const lookUp = (key: string, namedProvider: string | null) =>
      replica.lookUp({ cpoPartyId: 'DEABC', type: 'EMAID', key, namedProvider });
    expect(lookUp('DE8AAC00000001X', 'DE8AA').emspPartyId).toBe('DENEW');
    expect(lookUp('DE8AAC00000009X', 'DE8AA').emspPartyId).toBe('DE8AA');
  });

  it("keeps a pair's agreements oldest first and moves an agreement whose parties change", () => {
    const replica = new RegistryReplica();
    replica.putToken('RFID', '04A2B3C4', token());
    replica.putAgreement('ag-2', agreement({ agreementId: 'ag-2', validFrom: '2026-03-01T00:00:00.000Z' }));
    replica.putAgreement('ag-1', agreement());
    replica.putAgreement('ag-0', agreement({ agreementId: 'ag-0' }));
    expect(replica.lookUp(rfid('04A2B3C4')).agreements.map((a) => a.agreementId)).toEqual(['ag-0', 'ag-1', 'ag-2']);
    replica.putAgreement('ag-1', agreement({ cpoPartyId: 'DEXYZ' }));
    replica.putAgreement('ag-0', undefined);
    expect(replica.lookUp(rfid('04A2B3C4')).agreements.map((a) => a.agreementId)).toEqual(['ag-2']);
    expect(replica.lookUp(rfid('04A2B3C4', 'DEXYZ')).agreements.map((a) => a.agreementId)).toEqual(['ag-1']);
  });

  it('lists every partner claiming the provider, and forgets a party a partner gave up', () => {
    const replica = new RegistryReplica();
    replica.putToken('RFID', '04A2B3C4', token());
    replica.putPartner('emsp-2', partner({ partnerId: 'emsp-2', status: 'suspended' }));
    replica.putPartner('emsp-1', partner());
    expect(replica.lookUp(rfid('04A2B3C4')).providers.map((p) => p.partnerId)).toEqual(['emsp-1', 'emsp-2']);
    replica.putPartner('emsp-2', partner({ partnerId: 'emsp-2', partyIds: ['DEOTH'] }));
    expect(replica.lookUp(rfid('04A2B3C4')).providers.map((p) => p.partnerId)).toEqual(['emsp-1']);
    replica.putPartner('emsp-1', undefined);
    expect(replica.lookUp(rfid('04A2B3C4')).providers).toEqual([]);
  });

  it('hands out lists a later change does not alter', () => {
    const replica = new RegistryReplica();
    replica.putToken('RFID', '04A2B3C4', token());
    replica.putAgreement('ag-1', agreement());
    const before = replica.lookUp(rfid('04A2B3C4')).agreements;
    replica.putAgreement('ag-2', agreement({ agreementId: 'ag-2' }));
    expect(before.map((a) => a.agreementId)).toEqual(['ag-1']);
  });
});

describe('parseChangedRows (what a notification on the view channel says)', () => {
  it('reads the rows a change touched', () => {
    expect(parseChangedRows('{"tokens":[["RFID","04A2B3C4"]],"agreements":["ag-1"],"partners":["p-1"]}')).toEqual({
      tokens: [['RFID', '04A2B3C4']],
      agreements: ['ag-1'],
      partners: ['p-1'],
    });
  });

  it.each(['', 'null', '"x"', '[]', '{"tokens":[["EMAID","x"]]}', '{"tokens":"04"}', '{"agreements":[1]}'])(
    'takes %j as "everything changed": reloading loses nothing',
    (payload) => {
      expect(parseChangedRows(payload)).toEqual({ all: true });
    },
  );
});
