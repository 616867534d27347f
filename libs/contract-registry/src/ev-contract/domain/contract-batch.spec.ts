import { DomainError, Emaid } from '@roaming/shared-kernel';
import { type ContractBookSlice, decideContractBatch, parseContractRows } from './contract-batch';
import type { EvContractRecord } from './contract-record';

const at = '2026-03-01T10:00:00.000Z';
const emaid = (n: number) => Emaid.parse(`NLEVBC${String(n).padStart(8, '0')}`).value;
const row = (n: number, uid = `0400${String(n).padStart(4, '0')}`, extra: Record<string, unknown> = {}) => ({
  emaid: emaid(n),
  tokens: [{ uid, type: 'RFID' }],
  ...extra,
});
const empty: ContractBookSlice = { contracts: new Map(), uidOwners: new Map() };
const decide = (rows: unknown[], book: ContractBookSlice = empty) =>
  decideContractBatch(
    { batchId: 'b-1', emspPartyId: 'NLEVB', source: 'rest', rows: parseContractRows(rows, 'NLEVB'), at },
    book,
  );
const refusal = (rows: unknown[], book: ContractBookSlice = empty) => {
  try {
    decide(rows, book);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the batch was not refused');
};

describe('contract batch (bulk upload and delta updates, all or nothing; GeM 983/1514/1515)', () => {
  it('registers every new contract in one event holding their records', () => {
    const outcome = decide([row(1), row(2)]);
    expect(outcome).toMatchObject({ registered: 2, replaced: 0, unchanged: 0 });
    expect(outcome.event).toEqual({
      type: 'EvContractBatchApplied',
      data: {
        batchId: 'b-1',
        emspPartyId: 'NLEVB',
        source: 'rest',
        received: 2,
        contracts: [
          { change: 'registered', contract: expect.objectContaining({ emaid: emaid(1), status: 'active' }) },
          { change: 'registered', contract: expect.objectContaining({ emaid: emaid(2) }) },
        ],
        appliedAt: at,
      },
    });
  });

  it('replaces known contracts, leaves identical ones out, and appends nothing when nothing changed', () => {
    const known: EvContractRecord = {
      emaid: emaid(1),
      emspPartyId: 'NLEVB',
      status: 'active',
      validUntil: null,
      allowedServices: null,
      allowOffline: true,
      tokens: [{ uid: '04000001', type: 'RFID', status: 'active', contractCertificateId: null }],
    };
    const book: ContractBookSlice = {
      contracts: new Map([[emaid(1), known]]),
      uidOwners: new Map([['04000001', emaid(1)]]),
    };
    const delta = decide([row(1), row(2)], book);
    expect(delta).toMatchObject({ registered: 1, replaced: 0, unchanged: 1 });
    expect(delta.event?.data.contracts.map((c) => c.contract.emaid)).toEqual([emaid(2)]);
    const blocking = decide([row(1, '04000001', { status: 'blocked' })], book);
    expect(blocking).toMatchObject({ replaced: 1, event: { data: { contracts: [{ change: 'replaced' }] } } });
    expect(decide([row(1)], book)).toEqual({ event: null, registered: 0, replaced: 0, unchanged: 1 });
  });

  it('refuses the whole batch and reports every bad row with its index, code, field and rule', () => {
    const error = refusal([
      row(1),
      { ...row(2), emaid: 'NLEVBC00000002X' },
      row(3, 'XYZ'),
      'not an object',
      row(5, '04000005', { validUntil: '2020-01-01T00:00:00Z' }),
    ]);
    expect(error.code).toBe('CONTRACT_BATCH_INVALID');
    expect(error.kind).toBe('validation');
    expect(error.details.rows).toEqual([
      expect.objectContaining({ index: 1, code: 'EMAID_CHECK_DIGIT', field: 'contracts.1.emaid', rule: 'check-digit' }),
      expect.objectContaining({
        index: 2,
        emaid: emaid(3),
        code: 'TOKEN_UID_INVALID',
        field: 'contracts.2.tokens.0.uid',
      }),
      expect.objectContaining({ index: 3, emaid: null, code: 'CONTRACT_TOKENS_INVALID', field: 'contracts.3' }),
      expect.objectContaining({ index: 4, code: 'CONTRACT_VALIDITY_INVALID', rule: 'in-future' }),
    ]);
  });

  it('refuses an EMAID twice in the batch and one uid on two contracts of the batch', () => {
    const error = refusal([row(1), row(1), row(2, '04000001')]);
    expect(error.details.rows).toEqual([
      expect.objectContaining({ index: 1, code: 'CONTRACT_DUPLICATE_IN_BATCH', rule: 'unique-in-batch' }),
      expect.objectContaining({
        index: 2,
        code: 'TOKEN_UID_DUPLICATE',
        field: 'contracts.2.tokens.0.uid',
        rule: 'unique-in-batch',
      }),
    ]);
  });

  it('refuses a uid already naming another contract of the EVSP (set-wise against the book)', () => {
    const book: ContractBookSlice = { contracts: new Map(), uidOwners: new Map([['04000002', emaid(9)]]) };
    const error = refusal([row(1), row(2)], book);
    expect(error.details.rows).toEqual([
      expect.objectContaining({ index: 1, code: 'TOKEN_UID_TAKEN', field: 'contracts.1.tokens.0.uid' }),
    ]);
  });

  it("refuses rows of another EVSP's contracts", () => {
    const error = refusal([{ emaid: 'DE8AACA2B3C4D5L', tokens: [{ uid: '04000001', type: 'RFID' }] }]);
    expect(error.details.rows).toEqual([expect.objectContaining({ code: 'CONTRACT_PROVIDER_MISMATCH' })]);
  });
});
