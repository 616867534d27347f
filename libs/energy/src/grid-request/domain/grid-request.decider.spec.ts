import type { Decider } from '@roaming/shared-kernel';
import { deciderSpec } from '@roaming/testing';
import {
  type GridRequestCommand,
  gridRequestDecider,
  type GridRequestEvent,
  type GridRequestState,
  type IssueGridRequest,
} from './grid-request';

const decider: Decider<GridRequestState, GridRequestCommand, GridRequestEvent> = gridRequestDecider;
const spec = deciderSpec(decider);
const AT = '2026-03-01T10:00:00.000Z';
const terms = {
  requestId: 'g-1',
  dsoPartyId: 'DEN01',
  loadAreaId: 'DEN01:LV-0042',
  kind: 'CURTAILMENT' as const,
  priority: 'EMERGENCY' as const,
  startsAt: AT,
  endsAt: '2026-03-01T12:00:00.000Z',
  limitW: 50000,
  reductionW: null,
};
const targets = [
  { cpoPartyId: 'DEABC', evseIds: ['DE*ABC*E1'] },
  { cpoPartyId: 'DEXYZ', evseIds: ['DE*XYZ*E1'] },
];
const issue = (overrides: Partial<IssueGridRequest['data']> = {}): IssueGridRequest => ({
  type: 'IssueGridRequest',
  data: { ...terms, actingPartyIds: ['DEN01'], targets, at: AT, respondBy: '2026-03-01T10:01:00.000Z', ...overrides },
});
const issued: GridRequestEvent = {
  type: 'GridRequestIssued',
  data: { ...terms, targets, issuedAt: AT, respondBy: '2026-03-01T10:01:00.000Z' },
};
const ack = (cpo: string, accepted = true) => ({
  type: 'AcknowledgeGridRequest' as const,
  data: { cpoPartyIds: [cpo], accepted, reason: null, at: '2026-03-01T10:00:30.000Z' },
});
const acknowledged: GridRequestEvent = {
  type: 'GridRequestAcknowledged',
  data: {
    ...terms,
    cpoPartyId: 'DEABC',
    accepted: true,
    reason: null,
    evseIds: ['DE*ABC*E1'],
    acknowledgedAt: '2026-03-01T10:00:30.000Z',
  },
};

describe('grid request decider (GeM 972/UC 1602, 961/UC 1596, 1313/UC 1572; IEC 63110 E5)', () => {
  it('issues a curtailment for a load area of the grid operator to the CPOs with EVSEs there', () => {
    spec.when(issue()).then([issued]);
  });

  it('refuses a load area of another grid operator, a past window and a request without its amount', () => {
    spec.when(issue({ loadAreaId: 'DEN02:LV-1' })).thenThrows('LOAD_AREA_NOT_OPERATED', 'forbidden');
    spec.when(issue({ actingPartyIds: ['DEN02'] })).thenThrows('LOAD_AREA_NOT_OPERATED');
    spec.when(issue({ endsAt: AT })).thenThrows('GRID_REQUEST_PERIOD_INVALID', 'validation');
    spec.when(issue({ limitW: null })).thenThrows('GRID_REQUEST_INVALID', 'validation');
    spec.when(issue({ kind: 'FLEXIBILITY', limitW: null, reductionW: 0 })).thenThrows('GRID_REQUEST_INVALID');
  });

  it('records each addressed CPO acknowledging once, with the terms for the records; others are not addressed', () => {
    spec.given([issued]).when(ack('DEABC')).then([acknowledged]);
    spec.given([issued, acknowledged]).when(ack('DEABC')).thenNothing();
    spec.given([issued, acknowledged]).when(ack('DEABC', false)).thenThrows('GRID_REQUEST_ANSWERED');
    spec.given([issued]).when(ack('FRUNK')).thenThrows('GRID_REQUEST_NOT_FOUND', 'notFound');
  });

  it('GeM 1572: flags the CPOs that did not react by the deadline, once, and not before it', () => {
    const flag = (at: string) => ({ type: 'FlagMissingReactions' as const, data: { at } });
    spec.given([issued, acknowledged]).when(flag('2026-03-01T10:00:59.000Z')).thenNothing();
    const missing: GridRequestEvent = {
      type: 'GridReactionMissing',
      data: {
        requestId: 'g-1',
        dsoPartyId: 'DEN01',
        loadAreaId: 'DEN01:LV-0042',
        cpoPartyIds: ['DEXYZ'],
        flaggedAt: '2026-03-01T10:01:00.000Z',
      },
    };
    spec.given([issued, acknowledged]).when(flag('2026-03-01T10:01:00.000Z')).then([missing]);
    spec.given([issued, acknowledged, missing]).when(flag('2026-03-01T10:05:00.000Z')).thenNothing();
  });

  it('takes fulfilment only from a CPO that acknowledged', () => {
    const report = (cpo: string) => ({
      type: 'ReportGridFulfilment' as const,
      data: { cpoPartyIds: [cpo], achievedPowerW: 48000, at: AT },
    });
    spec.given([issued]).when(report('DEABC')).thenThrows('GRID_REQUEST_NOT_ACKNOWLEDGED');
    spec
      .given([issued, acknowledged])
      .when(report('DEABC'))
      .then([
        {
          type: 'GridFulfilmentReported',
          data: { requestId: 'g-1', dsoPartyId: 'DEN01', cpoPartyId: 'DEABC', achievedPowerW: 48000, reportedAt: AT },
        },
      ]);
  });

  it('lets the grid operator cancel once; acknowledgements then are refused', () => {
    const cancel = { type: 'CancelGridRequest' as const, data: { actingPartyIds: ['DEN01'], at: AT } };
    const cancelled: GridRequestEvent = {
      type: 'GridRequestCancelled',
      data: {
        requestId: 'g-1',
        dsoPartyId: 'DEN01',
        loadAreaId: 'DEN01:LV-0042',
        targets: ['DEABC', 'DEXYZ'],
        cancelledAt: AT,
      },
    };
    spec.given([issued]).when(cancel).then([cancelled]);
    spec.given([issued, cancelled]).when(cancel).thenNothing();
    spec.given([issued, cancelled]).when(ack('DEABC')).thenThrows('GRID_REQUEST_CANCELLED', 'illegalState');
    spec
      .given([issued])
      .when({ ...cancel, data: { ...cancel.data, actingPartyIds: ['DEN02'] } })
      .thenThrows('GRID_REQUEST_NOT_FOUND');
  });
});
