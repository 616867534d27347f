import { Random } from '../../../test/load/src/scenario/random';
import { instantOf, intlLocalTime, localTime, offsetTransitions } from './local-time';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/St_Johns', // −3:30, transitions at half hours UTC
  'Asia/Kathmandu', // +5:45
  'Australia/Lord_Howe', // a 30-minute DST shift
  'Pacific/Chatham', // +12:45 / +13:45
  'America/Santiago',
];

describe('localTime (cached offsets) equals Intl to the second', () => {
  it('at random instants of 2020–2030 in zones with odd offsets and DST', () => {
    const r = new Random(63119, 'local-time');
    for (let i = 0; i < 20_000; i++) {
      const zone = ZONES[i % ZONES.length];
      const at = Date.UTC(2020, 0, 1) + r.int(11 * 365 * 24 * 3600) * 1000 + r.int(1000);
      expect([zone, at, localTime(at, zone)]).toEqual([zone, at, intlLocalTime(at, zone)]);
    }
  });

  it('minute by minute around DST transitions', () => {
    const around = [
      ['Europe/Berlin', '2026-03-29T01:00:00Z'],
      ['Europe/Berlin', '2026-10-25T01:00:00Z'],
      ['America/St_Johns', '2026-03-08T05:30:00Z'],
      ['America/St_Johns', '2026-11-01T04:30:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'],
    ] as const;
    for (const [zone, iso] of around) {
      const centre = Date.parse(iso);
      for (let minute = -150; minute <= 150; minute++) {
        const at = centre + minute * 60_000 + 17_000;
        expect([zone, at, localTime(at, zone)]).toEqual([zone, at, intlLocalTime(at, zone)]);
      }
    }
  });

  it('instantOf finds the instant a local clock shows, across a DST change', () => {
    expect(new Date(instantOf(2026, 3, 29, 1 * 60, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(new Date(instantOf(2026, 3, 29, 3 * 60, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(new Date(instantOf(2026, 1, 15, 22 * 60, 'Europe/Berlin')).toISOString()).toBe('2026-01-15T21:00:00.000Z');
    expect(new Date(instantOf(2026, 7, 1, 6 * 60, 'Asia/Kathmandu')).toISOString()).toBe('2026-07-01T00:15:00.000Z');
  });

  it('finds the instants a zone changes its offset (DST), to the second', () => {
    const year = [Date.parse('2026-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z')] as const;
    const iso = (zone: string) => offsetTransitions(...year, zone).map((t) => new Date(t).toISOString());
    expect(iso('Europe/Berlin')).toEqual(['2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z']);
    expect(iso('America/St_Johns')).toEqual(['2026-03-08T05:30:00.000Z', '2026-11-01T04:30:00.000Z']);
    expect(iso('UTC')).toEqual([]);
    expect(iso('Asia/Kathmandu')).toEqual([]);
    expect(
      offsetTransitions(Date.parse('2026-03-29T01:00:00Z'), Date.parse('2026-03-29T02:00:00Z'), 'Europe/Berlin'),
    ).toEqual([]);
  });
});
