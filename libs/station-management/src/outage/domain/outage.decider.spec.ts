import { deciderSpec } from '@roaming/testing';
import type { PublishOutageNotice } from './outage.commands';
import { outageDecider } from './outage.decider';
import type { OutageEvent } from './outage.events';
import { type OutageTerms, statusDuringOutage } from './outage.model';

const terms: OutageTerms = {
  kind: 'PLANNED',
  scope: { siteId: 'HH-1', evseIds: [] },
  startsAt: '2026-03-02T08:00:00.000Z',
  endsAt: '2026-03-02T12:00:00.000Z',
  description: 'transformer maintenance',
};
const ref = { cpoPartyId: 'DEABC', noticeId: 'N-1' };
const publish = (t: OutageTerms = terms, at = '2026-03-01T10:00:00.000Z'): PublishOutageNotice => ({
  type: 'PublishOutageNotice',
  data: { ...ref, terms: t, facts, at },
});
const facts = {
  actingPartyIds: ['DEABC'],
  evseOperators: { 'DE*ABC*E1': 'DEABC', 'DE*XYZ*E1': 'DEXYZ', 'DE*ABC*E9': null },
  sitePublished: true,
};
const issued: OutageEvent = {
  type: 'OutageNoticeIssued',
  data: { ...ref, ...terms, issuedAt: '2026-03-01T10:00:00.000Z' },
};
const ended: OutageEvent = { type: 'OutageEnded', data: { ...ref, endedAt: '2026-03-02T11:00:00.000Z' } };
const cancelled: OutageEvent = {
  type: 'OutageNoticeCancelled',
  data: { ...ref, cancelledAt: '2026-03-01T12:00:00.000Z' },
};
const spec = deciderSpec(outageDecider);

describe('outage notice decider (IEC 63119-2 UC5-1: maintenance and outage information)', () => {
  it('issues a planned notice for a site', () => {
    spec.when(publish()).then([issued]);
  });

  it('changes nothing when the same notice is sent again', () => {
    spec.given([issued]).when(publish(terms, '2026-03-01T11:00:00.000Z')).thenNothing();
  });

  it('revises an open notice: a maintenance that runs longer', () => {
    const longer = { ...terms, endsAt: '2026-03-02T16:00:00.000Z' };
    spec
      .given([issued])
      .when(publish(longer, '2026-03-02T11:00:00.000Z'))
      .then([{ type: 'OutageNoticeRevised', data: { ...ref, ...longer, revisedAt: '2026-03-02T11:00:00.000Z' } }]);
  });

  it('refuses an end before the start (OUTAGE_PERIOD_INVALID)', () => {
    spec.when(publish({ ...terms, endsAt: terms.startsAt })).thenThrows('OUTAGE_PERIOD_INVALID', 'validation');
  });

  it('ends a started outage once', () => {
    const end = { type: 'EndOutage' as const, data: { ...ref, at: '2026-03-02T11:00:00.000Z' } };
    spec.given([issued]).when(end).then([ended]);
    spec.given([issued, ended]).when(end).thenNothing();
  });

  it('refuses to end an outage that has not started: cancel it instead (OUTAGE_NOT_STARTED)', () => {
    spec
      .given([issued])
      .when({ type: 'EndOutage', data: { ...ref, at: '2026-03-01T12:00:00.000Z' } })
      .thenThrows('OUTAGE_NOT_STARTED', 'illegalState');
  });

  it('cancels a planned notice once; a cancelled or ended notice is closed for revisions', () => {
    const cancel = { type: 'CancelOutageNotice' as const, data: { ...ref, at: '2026-03-01T12:00:00.000Z' } };
    spec.given([issued]).when(cancel).then([cancelled]);
    spec.given([issued, cancelled]).when(cancel).thenNothing();
    spec.given([issued, cancelled]).when(publish()).thenThrows('OUTAGE_CLOSED', 'illegalState');
    spec.given([issued, ended]).when(cancel).thenThrows('OUTAGE_CLOSED', 'illegalState');
  });

  it('refuses to end or cancel a notice that does not exist (OUTAGE_NOT_FOUND)', () => {
    spec
      .when({ type: 'EndOutage', data: { ...ref, at: '2026-03-02T11:00:00.000Z' } })
      .thenThrows('OUTAGE_NOT_FOUND', 'notFound');
  });

  it('refuses a site the operator has not published, an unknown EVSE and an EVSE of another operator', () => {
    spec
      .when({ ...publish(), data: { ...publish().data, facts: { ...facts, sitePublished: false } } })
      .thenThrows('SITE_NOT_FOUND', 'notFound');
    const evses = (evseIds: string[]): OutageTerms => ({
      ...terms,
      kind: 'UNPLANNED',
      scope: { siteId: null, evseIds },
    });
    spec.when(publish(evses(['DE*ABC*E9']))).thenThrows('EVSE_UNKNOWN', 'notFound');
    spec.when(publish(evses(['DE*ABC*E1', 'DE*XYZ*E1']))).thenThrows('EVSE_NOT_OWNED', 'forbidden');
    spec
      .when(publish(evses(['DE*ABC*E1'])))
      .then([
        { type: 'OutageNoticeIssued', data: { ...ref, ...evses(['DE*ABC*E1']), issuedAt: '2026-03-01T10:00:00.000Z' } },
      ]);
  });

  it('shows MAINTENANCE for a planned outage and OUT_OF_ORDER for an unplanned one', () => {
    expect(statusDuringOutage('PLANNED')).toBe('MAINTENANCE');
    expect(statusDuringOutage('UNPLANNED')).toBe('OUT_OF_ORDER');
  });
});
