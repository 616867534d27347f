import { deciderSpec } from '@roaming/testing';
import type { PublishSite } from './site.commands';
import { siteDecider } from './site.decider';
import type { SiteEvent, SitePublished } from './site.events';
import type { Evse, SiteDetails } from './site.model';
import { parseLoadAreaId, parseSiteDetails } from './site.values';

const AT = '2026-03-01T10:00:00.000Z';
const LATER = '2026-03-02T10:00:00.000Z';

const details: SiteDetails = {
  name: 'Depot Nord',
  address: { street: 'Hafenstr. 1', postalCode: '20457', city: 'Hamburg', country: 'DE' },
  coordinates: { latitude: '53.54', longitude: '9.98' },
  timeZone: 'Europe/Berlin',
  openingHours: { twentyFourSeven: true, regularHours: [] },
  access: 'PUBLIC',
  energyMix: { greenEnergy: true, sources: [{ source: 'WIND', percentage: 100 }] },
  loadAreaId: 'DEN01:LV-0042',
  validFrom: null,
  validUntil: null,
};

const anEvse = (evseId: string, overrides: Partial<Evse> = {}): Evse => ({
  evseId,
  connectors: [
    { connectorId: '1', standard: 'IEC_62196_T2', format: 'SOCKET', powerType: 'AC_3_PHASE', maxPowerW: 22_000 },
  ],
  maxPowerW: 22_000,
  reservationAllowed: true,
  tariffIds: ['AC-STD'],
  physicalReference: null,
  ...overrides,
});

const publish = (evses: Evse[], overrides: Partial<PublishSite['data']> = {}): PublishSite => ({
  type: 'PublishSite',
  data: {
    cpoPartyId: 'DEABC',
    siteId: 'HH-1',
    details,
    evses,
    actingPartyIds: ['DEABC'],
    evsesOnOtherSites: [],
    at: AT,
    ...overrides,
  },
});

const published = (data: Partial<SitePublished['data']>): SiteEvent => ({
  type: 'SitePublished',
  data: {
    cpoPartyId: 'DEABC',
    siteId: 'HH-1',
    details,
    evses: [],
    detailsChanged: true,
    changedEvseIds: [],
    withdrawnEvseIds: [],
    publishedAt: AT,
    ...data,
  },
});

const E1 = 'DE*ABC*E1001*1';
const E2 = 'DE*ABC*E1001*2';
const spec = deciderSpec(siteDecider);
const first = published({
  evses: [
    { ...anEvse(E1), status: 'PUBLISHED' },
    { ...anEvse(E2), status: 'PUBLISHED' },
  ],
  changedEvseIds: [E1, E2],
});

describe('site decider (IEC 63119-2 UC1-2, eMI3 UCE MD: sites, EVSEs and connectors)', () => {
  describe('full load', () => {
    it('publishes a new site with its EVSEs', () => {
      spec.when(publish([anEvse(E1), anEvse(E2)])).then([first]);
    });

    it('changes nothing when the same full load arrives again (eMI3 UCE MD periodic bulk push)', () => {
      spec
        .given([first])
        .when(publish([anEvse(E1), anEvse(E2)], { at: LATER }))
        .thenNothing();
    });

    it('withdraws EVSEs a later full load no longer lists, keeping them for the record (no hard delete)', () => {
      const state = spec
        .given([first])
        .when(publish([anEvse(E1)], { at: LATER }))
        .then([
          published({
            evses: [
              { ...anEvse(E1), status: 'PUBLISHED' },
              { ...anEvse(E2), status: 'WITHDRAWN' },
            ],
            detailsChanged: false,
            withdrawnEvseIds: [E2],
            publishedAt: LATER,
          }),
        ]);
      expect(state).toMatchObject({ status: 'published' });
    });

    it('names only what changed: one EVSE with more power', () => {
      const [event] = siteDecider.decide(
        publish([anEvse(E1, { maxPowerW: 50_000 }), anEvse(E2)], { at: LATER }),
        [first].reduce(siteDecider.evolve, siteDecider.initialState()),
      );
      expect(event.data).toMatchObject({ detailsChanged: false, changedEvseIds: [E1], withdrawnEvseIds: [] });
    });

    it('refuses an EVSE of an operator the caller does not act for (EVSE_NOT_OWNED)', () => {
      spec.when(publish([anEvse('DE*XYZ*E1')])).thenThrows('EVSE_NOT_OWNED', 'forbidden');
    });

    it('accepts an EVSE of any of the caller party ids', () => {
      const [event] = siteDecider.decide(
        publish([anEvse('DE*XYZ*E1')], { actingPartyIds: ['DEABC', 'DEXYZ'] }),
        siteDecider.initialState(),
      );
      expect(event.type).toBe('SitePublished');
    });

    it('refuses an EVSE listed twice, a connector listed twice, and an EVSE published on another site', () => {
      spec.when(publish([anEvse(E1), anEvse(E1)])).thenThrows('EVSE_DUPLICATE', 'validation');
      const twoConnectors = anEvse(E1);
      twoConnectors.connectors = [twoConnectors.connectors[0], twoConnectors.connectors[0]];
      spec.when(publish([twoConnectors])).thenThrows('CONNECTOR_DUPLICATE', 'validation');
      spec.when(publish([anEvse(E1)], { evsesOnOtherSites: [E1] })).thenThrows('EVSE_ON_OTHER_SITE', 'conflict');
    });

    it('re-publishes a withdrawn site', () => {
      const withdrawn: SiteEvent = {
        type: 'SiteWithdrawn',
        data: { cpoPartyId: 'DEABC', siteId: 'HH-1', details, evses: first.data.evses as never, withdrawnAt: AT },
      };
      const state = spec
        .given([first, withdrawn])
        .when(publish([anEvse(E1), anEvse(E2)], { at: LATER }))
        .then([published({ evses: first.data.evses as never, detailsChanged: false, publishedAt: LATER })]);
      expect(state.status).toBe('published');
    });
  });

  describe('deltas', () => {
    it('adds one EVSE to a published site', () => {
      const E3 = 'DE*ABC*E1001*3';
      const [event] = siteDecider.decide(
        {
          type: 'PublishEvse',
          data: {
            cpoPartyId: 'DEABC',
            siteId: 'HH-1',
            evse: anEvse(E3),
            actingPartyIds: ['DEABC'],
            evsesOnOtherSites: [],
            at: LATER,
          },
        },
        [first].reduce(siteDecider.evolve, siteDecider.initialState()),
      );
      expect(event).toMatchObject({ type: 'SitePublished', data: { changedEvseIds: [E3], detailsChanged: false } });
      expect((event as SitePublished).data.evses.map((e) => e.evseId)).toEqual([E1, E2, E3]);
    });

    it('refuses an EVSE delta on a site that does not exist', () => {
      spec
        .when({
          type: 'PublishEvse',
          data: {
            cpoPartyId: 'DEABC',
            siteId: 'HH-1',
            evse: anEvse(E1),
            actingPartyIds: ['DEABC'],
            evsesOnOtherSites: [],
            at: AT,
          },
        })
        .thenThrows('SITE_NOT_FOUND', 'notFound');
    });

    it('withdraws one EVSE, once', () => {
      const withdraw = {
        type: 'WithdrawEvse' as const,
        data: { cpoPartyId: 'DEABC', siteId: 'HH-1', evseId: E2, at: LATER },
      };
      const after = spec
        .given([first])
        .when(withdraw)
        .then([
          published({
            evses: [
              { ...anEvse(E1), status: 'PUBLISHED' },
              { ...anEvse(E2), status: 'WITHDRAWN' },
            ],
            detailsChanged: false,
            withdrawnEvseIds: [E2],
            publishedAt: LATER,
          }),
        ]);
      expect(after.status).toBe('published');
      // Withdrawing it again is a no-op: the state already says WITHDRAWN.
      expect(siteDecider.decide(withdraw, after)).toEqual([]);
      spec
        .given([first])
        .when({ ...withdraw, data: { ...withdraw.data, evseId: 'DE*ABC*E9' } })
        .thenThrows('EVSE_NOT_ON_SITE');
    });

    it('withdraws the whole site once, and refuses to withdraw an unknown site', () => {
      const withdraw = { type: 'WithdrawSite' as const, data: { cpoPartyId: 'DEABC', siteId: 'HH-1', at: LATER } };
      const withdrawn: SiteEvent = {
        type: 'SiteWithdrawn',
        data: { cpoPartyId: 'DEABC', siteId: 'HH-1', details, evses: first.data.evses as never, withdrawnAt: LATER },
      };
      spec.given([first]).when(withdraw).then([withdrawn]);
      spec.given([first, withdrawn]).when(withdraw).thenNothing();
      spec.when(withdraw).thenThrows('SITE_NOT_FOUND', 'notFound');
    });
  });

  describe('value rules', () => {
    it('normalises a load area and refuses a malformed one', () => {
      expect(parseLoadAreaId('de*n01:LV-0042')).toBe('DEN01:LV-0042');
      expect(() => parseLoadAreaId('LV-0042')).toThrow(expect.objectContaining({ code: 'LOAD_AREA_INVALID' }));
    });

    it('refuses coordinates out of range, an unknown time zone, an energy mix above 100 % and an inverted validity', () => {
      const bad = (patch: Partial<SiteDetails>) => () => parseSiteDetails({ ...details, ...patch });
      expect(bad({ coordinates: { latitude: '91', longitude: '0' } })).toThrow(
        expect.objectContaining({ code: 'COORDINATES_INVALID' }),
      );
      expect(bad({ timeZone: 'Mars/Olympus' })).toThrow(expect.objectContaining({ code: 'TIME_ZONE_INVALID' }));
      expect(
        bad({
          energyMix: {
            greenEnergy: false,
            sources: [
              { source: 'SOLAR', percentage: 60 },
              { source: 'COAL', percentage: 50 },
            ],
          },
        }),
      ).toThrow(expect.objectContaining({ code: 'ENERGY_MIX_INVALID' }));
      expect(bad({ validFrom: '2026-02-01T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' })).toThrow(
        expect.objectContaining({ code: 'VALIDITY_PERIOD_INVALID' }),
      );
    });
  });
});
