import { type InboundCdrV1, partnerOutboundTopic, TOPICS } from '@roaming/contracts';
import { deadLetterTopic, HEADER } from '@roaming/messaging';
import { signPartnerMessage } from '@roaming/platform';
import { randomUUID } from 'crypto';
import { cdrStream } from '../cdr/domain';
import { CdrForwardingApiFixture } from '../testing/cdr-forwarding-api.fixture';
import { CdrIntakeConsumer } from './cdr-intake.consumer';

const DLQ = deadLetterTopic(TOPICS.b2bCdrsInbound);
const EVSP_TOPIC = partnerOutboundTopic('DE8AA');
const CPO_TOPIC = partnerOutboundTopic('DEABC');

/**
 * Kafka intake on `b2b.cdrs.inbound.v1` (GeM 984: "the CDR is sent from the EVSE operator backend to the clearing
 * house"; eMI3 UC 200 step 15.1) and push delivery on the EVSP's `b2b.<party>.outbound.v1` (step 16.1), on the
 * in-process bus with the platform consumer's retries and dead letters.
 */
describe('Kafka CDR intake b2b.cdrs.inbound.v1 (GeM 984, eMI3 UC 200 15.1/16.1)', () => {
  let fx: CdrForwardingApiFixture;
  let emspKey: string;
  let cpoKey: string;
  let xyzKey: string;

  beforeAll(async () => {
    fx = await CdrForwardingApiFixture.start({ observe: [TOPICS.cdrForwardingEvents, EVSP_TOPIC, CPO_TOPIC] });
    cpoKey = await fx.partnerWithKey('cpo-abc', ['cpo'], ['DEABC']);
    xyzKey = await fx.partnerWithKey('cpo-xyz', ['cpo'], ['DEXYZ']);
    emspKey = await fx.partnerWithKey('emsp-8aa', ['emsp'], ['DE8AA']);
    await fx.agreement('agr-abc-8aa', 'DEABC', 'DE8AA');
  });

  afterAll(async () => {
    await fx?.close();
  });

  /** Signed with `signer`'s key (DEABC's unless told), as the CPO's producer sends it; `null`: unsigned. */
  async function send(
    key: string | null,
    value: unknown,
    messageId: string = randomUUID(),
    signer: string | null = cpoKey,
  ): Promise<string> {
    const draft = { topic: TOPICS.b2bCdrsInbound, key: key as string, value, messageId };
    await fx.bus.publish([
      signer ? fx.partnerMessage(signer, draft) : { ...draft, headers: { [HEADER.messageId]: messageId } },
    ]);
    return messageId;
  }

  const deadLetter = (messageId: string) =>
    fx.bus.deadLetters(DLQ).find((m) => m.headers[HEADER.messageId] === messageId);

  it('forwards a valid CDR: the EVSP gets it on its outbound topic and in GET /v1/cdrs', async () => {
    const cdr = fx.cdr();
    const messageId = await send('DEABC', cdr);
    expect(deadLetter(messageId)).toBeUndefined();
    expect(await fx.streamEventTypes('DEABC', cdr.cdrId)).toEqual(['CdrForwarded']);

    const pushed = await fx.waitForPublished(
      EVSP_TOPIC,
      (b) => b.type === 'CdrForwarded' && b.data.cdrId === cdr.cdrId,
    );
    expect(pushed.key).toBe(cdrStream('DEABC', cdr.cdrId));
    expect(pushed.headers).toMatchObject({ [HEADER.type]: 'CdrForwarded', [HEADER.schemaVersion]: '1' });
    expect(JSON.parse(pushed.rawValue)).toMatchObject({
      type: 'CdrForwarded',
      schemaVersion: 1,
      data: { cdrId: cdr.cdrId, cpoPartyId: 'DEABC', emspPartyId: 'DE8AA', energyWh: 22_000 },
    });
    await fx.waitForPublished(
      TOPICS.cdrForwardingEvents,
      (b) => b.type === 'CdrForwarded' && b.data.cdrId === cdr.cdrId,
    );

    await fx.waitForForwarded('DEABC', cdr.cdrId);
    const list = await fx.listCdrs(emspKey, { limit: 2000 });
    expect(list.body.items.map((c: { cdrId: string }) => c.cdrId)).toContain(cdr.cdrId);
  });

  it('applies a CDR once: a redelivered message and a re-sent CDR under a new message id add nothing', async () => {
    const cdr = fx.cdr();
    const messageId = await send('DEABC', cdr);
    const before = await fx.cdrEventCount();
    await send('DEABC', cdr, messageId);
    await send('DEABC', cdr);
    expect(await fx.cdrEventCount()).toBe(before);
    expect(await fx.streamEventTypes('DEABC', cdr.cdrId)).toEqual(['CdrForwarded']);
  });

  it('records a business refusal without dead-lettering, and tells the CPO on its outbound topic', async () => {
    const cdr = fx.cdr({ endedAt: '2026-03-01T09:00:00Z', energyWh: 0 });
    const messageId = await send('DEABC', cdr);
    expect(deadLetter(messageId)).toBeUndefined();
    expect(await fx.streamEventTypes('DEABC', cdr.cdrId)).toEqual(['CdrReceived', 'CdrRejected']);
    const told = await fx.waitForPublished(CPO_TOPIC, (b) => b.type === 'CdrRejected' && b.data.cdrId === cdr.cdrId);
    expect(JSON.parse(told.rawValue).data).toMatchObject({ code: 'CDR_END_BEFORE_START', cpoPartyId: 'DEABC' });
  });

  // The signer of each message: DEABC's key, DEXYZ's, the EVSP's, or none (unsigned).
  it.each<[string, string | null, (cdr: InboundCdrV1) => unknown, RegExp, 'abc' | 'xyz' | 'emsp' | 'unsigned']>([
    ['a body that is no JSON object', 'DEABC', () => 'not a cdr', /the body must be a JSON object/, 'abc'],
    [
      'an invalid eMA id',
      'DEABC',
      (cdr) => ({ ...cdr, emaid: 'DE-8AA-001234567-1' }),
      /emaid has a wrong check digit/,
      'abc',
    ],
    ['a missing field', 'DEABC', ({ energyWh: _e, ...rest }) => rest, /energyWh/, 'abc'],
    ['an EVSE of another operator', 'DEXYZ', (cdr) => cdr, /EVSE DE\*ABC\*E1001\*1 belongs to operator DEABC/, 'xyz'],
    ['an unsigned message', 'DEABC', (cdr) => cdr, /^UNAUTHENTICATED: /, 'unsigned'],
    ['a key of a party no partner holds', 'FRUNK', (cdr) => cdr, /^PARTY_NOT_OWNED: /, 'abc'],
    ['a message impersonating another CPO', 'DEXYZ', (cdr) => cdr, /^PARTY_NOT_OWNED: /, 'abc'],
    ['no key', null, (cdr) => cdr, /^PARTY_NOT_OWNED: /, 'abc'],
    ["an EVSP's signed message", 'DE8AA', (cdr) => cdr, /^ROLE_REQUIRED: /, 'emsp'],
  ])('dead-letters %s with the error and records nothing', async (_case, key, body, error, signer) => {
    const cdr = fx.cdr();
    const before = await fx.cdrEventCount();
    const signerKey = { abc: cpoKey, xyz: xyzKey, emsp: emspKey, unsigned: null }[signer];
    const messageId = await send(key, body(cdr), randomUUID(), signerKey);
    const letter = deadLetter(messageId);
    expect(letter).toBeDefined();
    expect(letter!.headers[HEADER.error]).toMatch(error);
    expect(letter!.headers[HEADER.consumerGroup]).toBe('cdr-forwarding.inbound');
    expect(letter!.headers[HEADER.originalTopic]).toBe(TOPICS.b2bCdrsInbound);
    expect(await fx.cdrEventCount()).toBe(before);
  });

  it('in one batch: forwards the signed records and dead-letters a tampered one, which records nothing', async () => {
    const [first, second, forgedCdr] = [fx.cdr(), fx.cdr(), fx.cdr()];
    const draft = (value: unknown) => ({ topic: TOPICS.b2bCdrsInbound, key: 'DEABC', value });
    const signed = fx.partnerMessage(cpoKey, draft(forgedCdr));
    // A copy of a signed message with another record put in: the signature no longer matches.
    const tamperedValue = { ...forgedCdr, energyWh: 1 };
    // The body changed after signing (its text too: the bus sends rawValue when a message carries one).
    const tampered = { ...signed, value: tamperedValue, rawValue: JSON.stringify(tamperedValue) };
    await fx.bus.publish([fx.partnerMessage(cpoKey, draft(first)), tampered, fx.partnerMessage(cpoKey, draft(second))]);
    expect(deadLetter(tampered.headers[HEADER.messageId])!.headers[HEADER.error]).toMatch(/^UNAUTHENTICATED: /);
    expect(await fx.streamEventTypes('DEABC', first.cdrId)).toEqual(['CdrForwarded']);
    expect(await fx.streamEventTypes('DEABC', second.cdrId)).toEqual(['CdrForwarded']);
    expect(await fx.streamEventTypes('DEABC', forgedCdr.cdrId)).toEqual([]);
    // The tampered copy did not use up the message id: the CPO's own message is still taken.
    await fx.bus.publish([signed]);
    expect(await fx.streamEventTypes('DEABC', forgedCdr.cdrId)).toEqual(['CdrForwarded']);
  });

  it('dead-letters a changed duplicate (CDR_DUPLICATE_DIFFERENT) and keeps the first version', async () => {
    const cdr = fx.cdr();
    await send('DEABC', cdr);
    const messageId = await send('DEABC', { ...cdr, energyWh: 1 });
    expect(deadLetter(messageId)!.headers[HEADER.error]).toMatch(
      /already forwarded with different content \(energyWh\)/,
    );
    expect(await fx.streamEventTypes('DEABC', cdr.cdrId)).toEqual(['CdrForwarded']);
  });

  it('refuses a body that is not JSON at all', async () => {
    const consumer = fx.app.get(CdrIntakeConsumer);
    const { messageId, rawValue } = { messageId: randomUUID(), rawValue: '{"cdrId": "CDR-1", ' };
    const raw = {
      topic: TOPICS.b2bCdrsInbound,
      partition: 0,
      offset: '0',
      key: 'DEABC',
      rawValue,
      headers: {
        [HEADER.messageId]: messageId,
        ...signPartnerMessage(
          { apiKey: cpoKey, keyId: fx.keyIdOf(cpoKey) },
          { topic: TOPICS.b2bCdrsInbound, messageId, key: 'DEABC', rawValue },
        ),
      },
      // As the bus hands it over: stamped with the time it was appended (the door bounds the signing time by it).
      appendedAt: new Date(),
    };
    await expect(fx.db.transaction((tx) => consumer.handle(raw, { tx }))).rejects.toThrow(
      'the message body is not JSON',
    );
  });
});
