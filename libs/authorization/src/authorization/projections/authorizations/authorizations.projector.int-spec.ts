import { PgDatabase, type RecordedEvent, runMigrations } from '@roaming/event-store';
import { createTestDatabase } from '@roaming/testing';
import { authorizationMigrations } from '../../../authorization.migrations';
import { projectAuthorizations } from './authorizations.projector';
import { AuthorizationsReadModel } from './authorizations.read-model';

const granted: RecordedEvent = {
  type: 'AuthorizationGranted',
  data: {
    authorizationId: '5b6c7d8e-0000-4000-8000-000000000001',
    evseId: 'DE*ABC*E1',
    cpoPartyId: 'DEABC',
    tokenUid: '04A2B3C4',
    tokenType: 'RFID',
    requestedAt: '2026-03-01T10:00:00.000Z',
    emaid: 'DE8AACA2B3C4D5L',
    emspPartyId: 'DE8AA',
    agreementId: 'ag-1',
  },
  metadata: { recordedAt: '2026-03-01T10:00:00.100Z', messageId: 'm-1', actor: 'cpo-1' },
  messageId: 'm-1',
  schemaVersion: 1,
  streamName: 'authorization-5b6c7d8e-0000-4000-8000-000000000001',
  category: 'authorization',
  streamPosition: 1,
  globalPosition: '9007199254740993',
  transactionId: '900',
  recordedAt: '2026-03-01T10:00:00.100Z',
  hash: 'h',
};

describe('authorizations projector on PostgreSQL (IEC 63119-2 UC3-1 decisions read back)', () => {
  let drop: () => Promise<void>;
  let db: PgDatabase;

  beforeAll(async () => {
    const created = await createTestDatabase('authz_authorizations');
    drop = created.drop;
    db = new PgDatabase(created.url);
    await runMigrations(db, authorizationMigrations);
  });

  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it('writes the row once, however often the batch is handled', async () => {
    await db.transaction((tx) => projectAuthorizations([granted], tx));
    await db.transaction((tx) => projectAuthorizations([granted], tx));
    const view = await new AuthorizationsReadModel(db).find('5b6c7d8e-0000-4000-8000-000000000001');
    expect(view).toEqual({
      authorizationId: '5b6c7d8e-0000-4000-8000-000000000001',
      status: 'ACCEPTED',
      evseId: 'DE*ABC*E1',
      cpoPartyId: 'DEABC',
      tokenUid: '04A2B3C4',
      tokenType: 'RFID',
      emaid: 'DE8AACA2B3C4D5L',
      emspPartyId: 'DE8AA',
      agreementId: 'ag-1',
      allowedServices: null,
      tariffId: null,
      decidedBy: 'hub',
      method: 'LOCAL',
      requestedAt: '2026-03-01T10:00:00.000Z',
    });
    const { rows } = await db.query(`SELECT global_position::text AS p, requested_by FROM authz.authorizations`);
    expect(rows).toEqual([{ p: '9007199254740993', requested_by: 'cpo-1' }]);
  });
});
