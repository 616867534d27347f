import { FixedClock } from '@roaming/shared-kernel';
import { AuthorizationSettings } from '../../config/authorization.settings';
import { TestPartnerEndpoint } from '../../testing/test-partner-endpoint';
import { HomeProviderClient, type ProviderAuthorizationRequest } from './home-provider.client';

const REQUEST: ProviderAuthorizationRequest = {
  authorizationId: 'a-1',
  evseId: 'DE*ABC*E1',
  cpoPartyId: 'DEABC',
  token: { uid: '04A2B3C4', type: 'RFID' },
  emaid: 'FRHOMC12345678X',
  service: 'CHARGING',
  requestedAt: '2026-03-01T10:00:00.000Z',
};

/** Asking a home EVSP in real time over real HTTP (IEC 63119-2 UC4-1; GeM 982). */
describe('HomeProviderClient against a real local EVSP endpoint', () => {
  let evsp: TestPartnerEndpoint;
  const clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
  const settings = new AuthorizationSettings({
    providerTimeoutMs: 300,
    breakerFailureThreshold: 3,
    breakerOpenMs: 30_000,
  });
  let client: HomeProviderClient;
  let party = 0;
  /** Each test its own partner, so that one test's failures do not open another's circuit. */
  const nextParty = () => `FRH${String(party++).padStart(2, '0')}`;

  beforeAll(async () => {
    evsp = await TestPartnerEndpoint.start();
    client = new HomeProviderClient(settings, clock);
  });

  afterAll(async () => {
    await evsp.close();
  });

  const ask = (partyId: string, timeoutMs: number | null = null) =>
    client.ask(partyId, { authorizationUrl: evsp.url, timeoutMs }, REQUEST, 'corr-7');

  it('posts the request as JSON with the correlation id and reads a yes with its contract and services', async () => {
    evsp.behave({
      kind: 'answer',
      body: { status: 'ACCEPTED', emaid: 'FRHOMC12345678X', allowedServices: ['charging', 'RESERVATION'] },
    });
    expect(await ask(nextParty())).toEqual({
      kind: 'allowed',
      emaid: 'FRHOMC12345678X',
      allowedServices: ['CHARGING', 'RESERVATION'],
    });
    const last = evsp.requests[evsp.requests.length - 1];
    expect(last.body).toEqual(REQUEST);
    expect(last.headers['x-correlation-id']).toBe('corr-7');
  });

  it('reads a no with a reason it knows, and any other no as NOT_ALLOWED_BY_PROVIDER', async () => {
    evsp.behave({ kind: 'answer', body: { status: 'DENIED', reason: 'TOKEN_STOLEN' } });
    expect(await ask(nextParty())).toEqual({ kind: 'refused', reason: 'TOKEN_STOLEN' });
    evsp.behave({ kind: 'answer', body: { status: 'DENIED', reason: 'NO_CREDIT' } });
    expect(await ask(nextParty())).toEqual({ kind: 'refused', reason: 'NOT_ALLOWED_BY_PROVIDER' });
  });

  it('gives up after the hard timeout when the EVSP answers late', async () => {
    evsp.behave({ kind: 'late', afterMs: 2_000, body: { status: 'ACCEPTED' } });
    const started = Date.now();
    expect(await ask(nextParty())).toEqual({ kind: 'unreachable', cause: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("honours the partner's own timeout over the hub's default", async () => {
    evsp.behave({ kind: 'late', afterMs: 500, body: { status: 'ACCEPTED' } });
    expect(await ask(nextParty(), 1_500)).toMatchObject({ kind: 'allowed' });
    expect(await ask(nextParty(), 100)).toEqual({ kind: 'unreachable', cause: 'timeout' });
  });

  it('counts an HTTP error, a garbled answer and a closed port as failures', async () => {
    evsp.behave({ kind: 'fail', status: 503 });
    expect(await ask(nextParty())).toEqual({ kind: 'unreachable', cause: 'error' });
    evsp.behave({ kind: 'answer', body: { allowed: 'maybe' } });
    expect(await ask(nextParty())).toEqual({ kind: 'unreachable', cause: 'error' });
    const closed = await client.ask(
      nextParty(),
      { authorizationUrl: 'http://127.0.0.1:9/authorize', timeoutMs: null },
      REQUEST,
    );
    expect(closed).toEqual({ kind: 'unreachable', cause: 'error' });
  });

  it('opens the circuit after repeated failures: further requests do not reach the EVSP until the probe', async () => {
    const partyId = nextParty();
    evsp.behave({ kind: 'fail', status: 500 });
    for (let i = 0; i < 3; i++) expect(await ask(partyId)).toMatchObject({ kind: 'unreachable', cause: 'error' });
    const asked = evsp.requests.length;
    expect(await ask(partyId)).toEqual({ kind: 'unreachable', cause: 'circuit-open' });
    expect(evsp.requests.length).toBe(asked);
    // Another partner's circuit is its own.
    evsp.behave({ kind: 'answer', body: { status: 'ACCEPTED' } });
    expect(await ask(nextParty())).toMatchObject({ kind: 'allowed' });
    // After the open period one probe goes out; it succeeds and closes the circuit.
    clock.advance(30_000);
    expect(await ask(partyId)).toMatchObject({ kind: 'allowed' });
    expect(await ask(partyId)).toMatchObject({ kind: 'allowed' });
  });
});
