import { randomUUID } from 'crypto';
import {
  eventStoreMigrations,
  handleCommand,
  PgDatabase,
  PostgresEventStore,
  runMigrations,
} from '@roaming/event-store';
import { FixedClock } from '@roaming/shared-kernel';
import { createTestDatabase } from '@roaming/testing';
import { cdrDeliveryMigrations } from '../../cdr-delivery.module';
import { cdrForwardingMigrations } from '../../cdr-forwarding.migrations';
import { type CdrFacts, cdrDecider, cdrStream, parseCdrSubmission, type CdrRecord } from '../../cdr/domain';
import { CDR_INVENTORY_PROCESSOR_ID, cdrInventoryProjection } from '../../inventory/cdr-inventory.projection';
import { AcknowledgeCdrCommand, AcknowledgeCdrHandler } from '../features/acknowledge-cdr/acknowledge-cdr.handler';
import { CDR_DELIVERY_PM_ID, cdrDeliveryProcessManager } from '../process/cdr-delivery.process-manager';
import { CDR_DELIVERIES_PROCESSOR_ID, cdrDeliveriesProjection } from './cdr-deliveries.projection';

const RECEIVED_AT = '2026-03-01T11:00:05.000Z';
const RETRIED_AT = '2026-03-01T12:00:00.000Z';
const ACKNOWLEDGED_AT = '2026-03-02T09:00:00.000Z';

/**
 * The deliveries and the inventory over the CDR event shapes of before and after issue 5's store-once change (an
 * accepted record was CdrReceived + CdrForwarded, its TOPIC delivery a stream opened by the process manager; now it
 * is one CdrForwarded carrying its receipt and channel, with no delivery stream until acknowledged): the rows are
 * the same for both, the acknowledgement keeps the delivery time, and a rebuild gives the same rows again.
 */
describe('CDR deliveries and inventory over old and new event shapes (IEC 63119-2 inventory, GeM 984) on PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: PgDatabase;
  let store: PostgresEventStore;
  const clock = new FixedClock(new Date(RECEIVED_AT));

  beforeAll(async () => {
    database = await createTestDatabase('cdr_event_shapes');
    db = new PgDatabase(database.url);
    await runMigrations(db, [...eventStoreMigrations, ...cdrForwardingMigrations, ...cdrDeliveryMigrations]);
    store = new PostgresEventStore(db);
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const record = (cdrId: string): CdrRecord =>
    parseCdrSubmission({
      cdrId,
      evseId: 'DE*ABC*E1*1',
      emaid: 'DE-8AA-001234567-0',
      tokenUid: '04A2B3C4',
      startedAt: '2026-03-01T10:00:00Z',
      endedAt: '2026-03-01T11:00:00Z',
      energyWh: 11_000,
      totalCost: { amount: '4.40', currency: 'EUR' },
    }).record;

  const facts = (agreementId: string | null): CdrFacts => ({
    routing: { emspPartyId: 'DE8AA', provider: 'active', agreementId, deliveryChannel: 'TOPIC' },
    evse: { cpoPartyId: 'DEABC', maxPowerW: 22_000, timeZone: 'Europe/Berlin' },
    authorizationMode: 'AUTHORIZED',
    sessionClaimedBy: null,
    reference: null,
  });

  const receive = (cdr: CdrRecord, agreementId: string | null, at: string) =>
    handleCommand(store, cdrStream('DEABC', cdr.cdrId), cdrDecider, {
      type: 'ReceiveCdr',
      data: { cdr, receivedAt: at, facts: facts(agreementId) },
    });

  /** As the intake wrote an accepted record before: CdrReceived, then CdrForwarded without receipt or channel. */
  const receiveAsBefore = (cdr: CdrRecord) =>
    store.append(cdrStream('DEABC', cdr.cdrId), [
      { type: 'CdrReceived', data: { ...cdr, receivedAt: RECEIVED_AT }, messageId: randomUUID() },
      {
        type: 'CdrForwarded',
        data: {
          ...cdr,
          timeZone: 'Europe/Berlin',
          emspPartyId: 'DE8AA',
          agreementId: 'agr-1',
          forwardedAt: RECEIVED_AT,
          authorizationMode: 'AUTHORIZED',
        },
        messageId: randomUUID(),
      },
    ]);

  const processors = () => [
    cdrDeliveryProcessManager(store, clock),
    cdrDeliveriesProjection(store),
    cdrInventoryProjection(store),
  ];
  const catchUp = async () => {
    for (const processor of processors()) await processor.catchUp();
  };
  const rows = async () => ({
    deliveries: (
      await db.query(
        `SELECT cdr_id, channel, state, attempts, queued_at, delivered_at, acknowledged_at
         FROM cdr.cdr_deliveries ORDER BY cdr_id`,
      )
    ).rows,
    inventory: (
      await db.query(
        `SELECT cdr_id, emsp_party_id, received_at, amount, outcome, delivered, acknowledged
         FROM cdr.cdr_inventory ORDER BY cdr_id`,
      )
    ).rows,
  });

  it('gives the same rows for both shapes, keeps the delivery time on acknowledgement, and rebuilds to the same rows', async () => {
    await receiveAsBefore(record('OLD'));
    await receive(record('NEW'), 'agr-1', RECEIVED_AT);
    // Rejected first (no agreement yet), accepted when sent again: CdrReceived, CdrRejected, CdrForwarded.
    await receive(record('LATE'), null, RECEIVED_AT);
    await receive(record('LATE'), 'agr-1', RETRIED_AT);
    expect((await store.readStream(cdrStream('DEABC', 'NEW'))).map((e) => e.type)).toEqual(['CdrForwarded']);
    expect((await store.readStream(cdrStream('DEABC', 'LATE'))).map((e) => e.type)).toEqual([
      'CdrReceived',
      'CdrRejected',
      'CdrForwarded',
    ]);
    await catchUp();

    // Only the record of before got a delivery stream from the process manager; the new ones are TOPIC by intake.
    const deliveryStreams = await db.query<{ n: string }>(
      `SELECT count(DISTINCT stream_name)::text AS n FROM es.events WHERE category = 'cdrDelivery'`,
    );
    expect(deliveryStreams.rows[0].n).toBe('1');
    const before = await rows();
    const delivered = (cdrId: string, at: string) => ({
      cdr_id: cdrId,
      channel: 'TOPIC',
      state: 'DELIVERED',
      attempts: 0,
      queued_at: new Date(at),
      delivered_at: new Date(at),
      acknowledged_at: null,
    });
    expect(before.deliveries).toEqual([
      delivered('LATE', RETRIED_AT),
      delivered('NEW', RECEIVED_AT),
      delivered('OLD', RECEIVED_AT),
    ]);
    const counted = (cdrId: string) => ({
      cdr_id: cdrId,
      emsp_party_id: 'DE8AA',
      received_at: new Date(RECEIVED_AT),
      amount: '4.4000',
      outcome: 'ACCEPTED',
      delivered: true,
      acknowledged: false,
    });
    expect(before.inventory).toEqual([counted('LATE'), counted('NEW'), counted('OLD')]);

    // The EVSP acknowledges the new record a day later: its delivery stream opens, delivered when it was forwarded.
    clock.set(ACKNOWLEDGED_AT);
    const acknowledge = new AcknowledgeCdrHandler(store, db, clock);
    await acknowledge.execute(
      new AcknowledgeCdrCommand('DEABC', 'NEW', ['DE8AA'], { actor: 'DE8AA', channel: 'rest' }),
    );
    const stream = await db.query<{ type: string; at: string | null }>(
      `SELECT type, data->>'deliveredAt' AS at FROM es.events
       WHERE category = 'cdrDelivery' AND data->>'cdrId' = 'NEW' ORDER BY global_position`,
    );
    expect(stream.rows).toEqual([
      { type: 'CdrDeliveryQueued', at: null },
      { type: 'CdrDelivered', at: RECEIVED_AT },
      { type: 'CdrAcknowledged', at: null },
    ]);
    await catchUp();
    const after = await rows();
    expect(after.deliveries.find((d) => d.cdr_id === 'NEW')).toEqual({
      ...delivered('NEW', RECEIVED_AT),
      acknowledged_at: new Date(ACKNOWLEDGED_AT),
    });
    expect(after.inventory.find((r) => r.cdr_id === 'NEW')).toMatchObject({ delivered: true, acknowledged: true });

    // Rebuilt from the events alone (new checkpoints, empty tables): the same rows.
    await db.query(`TRUNCATE cdr.cdr_deliveries, cdr.cdr_inventory`);
    await db.query(`DELETE FROM es.checkpoints WHERE processor_id = ANY($1)`, [
      [CDR_DELIVERY_PM_ID, CDR_DELIVERIES_PROCESSOR_ID, CDR_INVENTORY_PROCESSOR_ID],
    ]);
    await catchUp();
    expect(await rows()).toEqual(after);
  });
});
