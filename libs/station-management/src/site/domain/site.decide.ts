import { EvseId } from '@roaming/shared-kernel';
import type { PublishEvse, PublishSite, SiteCommand, WithdrawEvse, WithdrawSite } from './site.commands';
import { SiteErrors } from './site.errors';
import type { SiteEvent } from './site.events';
import type { Evse, EvseRecord } from './site.model';
import type { SiteState } from './site.state';
import { sameData } from './same-data';

export function decide(command: SiteCommand, state: SiteState): SiteEvent[] {
  switch (command.type) {
    case 'PublishSite':
      return publishSite(command, state);
    case 'PublishEvse':
      return publishEvse(command, state);
    case 'WithdrawEvse':
      return withdrawEvse(command, state);
    case 'WithdrawSite':
      return withdrawSite(command, state);
  }
}

function publishSite(command: PublishSite, state: SiteState): SiteEvent[] {
  const { cpoPartyId, siteId, details, evses, at } = command.data;
  checkEvses(evses, command.data.actingPartyIds, command.data.evsesOnOtherSites);
  const before = state.status === 'new' ? [] : state.evses;
  const listed = new Set(evses.map((e) => e.evseId));
  const changedEvseIds = evses.filter((e) => !unchanged(before, e)).map((e) => e.evseId);
  const withdrawnEvseIds = before.filter((e) => e.status === 'PUBLISHED' && !listed.has(e.evseId)).map((e) => e.evseId);
  const detailsChanged = state.status === 'new' || !sameData(state.details, details);
  const republished = state.status === 'withdrawn';
  if (!republished && !detailsChanged && changedEvseIds.length === 0 && withdrawnEvseIds.length === 0) return [];
  // EVSEs dropped from the list stay on the site, withdrawn, in their last published form.
  const kept = before
    .filter((e) => !listed.has(e.evseId))
    .map((e): EvseRecord => (e.status === 'PUBLISHED' ? { ...e, status: 'WITHDRAWN' } : e));
  const current = evses.map((e): EvseRecord => ({ ...e, status: 'PUBLISHED' }));
  return [
    {
      type: 'SitePublished',
      data: {
        cpoPartyId,
        siteId,
        details,
        evses: [...current, ...kept],
        detailsChanged,
        changedEvseIds,
        withdrawnEvseIds,
        publishedAt: at,
      },
    },
  ];
}

function publishEvse(command: PublishEvse, state: SiteState): SiteEvent[] {
  const { cpoPartyId, siteId, evse, at } = command.data;
  if (state.status === 'new') throw SiteErrors.siteNotFound(cpoPartyId, siteId);
  if (state.status === 'withdrawn') throw SiteErrors.siteNotPublished(siteId);
  checkEvses([evse], command.data.actingPartyIds, command.data.evsesOnOtherSites);
  if (unchanged(state.evses, evse)) return [];
  const others = state.evses.filter((e) => e.evseId !== evse.evseId);
  return [
    {
      type: 'SitePublished',
      data: {
        cpoPartyId,
        siteId,
        details: state.details,
        evses: [...others, { ...evse, status: 'PUBLISHED' }],
        detailsChanged: false,
        changedEvseIds: [evse.evseId],
        withdrawnEvseIds: [],
        publishedAt: at,
      },
    },
  ];
}

function withdrawEvse(command: WithdrawEvse, state: SiteState): SiteEvent[] {
  const { cpoPartyId, siteId, evseId, at } = command.data;
  if (state.status === 'new') throw SiteErrors.siteNotFound(cpoPartyId, siteId);
  const target = state.evses.find((e) => e.evseId === evseId);
  if (!target) throw SiteErrors.evseNotOnSite(siteId, evseId);
  if (target.status === 'WITHDRAWN' || state.status === 'withdrawn') return [];
  return [
    {
      type: 'SitePublished',
      data: {
        cpoPartyId,
        siteId,
        details: state.details,
        evses: state.evses.map((e) => (e.evseId === evseId ? { ...e, status: 'WITHDRAWN' } : e)),
        detailsChanged: false,
        changedEvseIds: [],
        withdrawnEvseIds: [evseId],
        publishedAt: at,
      },
    },
  ];
}

function withdrawSite(command: WithdrawSite, state: SiteState): SiteEvent[] {
  const { cpoPartyId, siteId, at } = command.data;
  if (state.status === 'new') throw SiteErrors.siteNotFound(cpoPartyId, siteId);
  if (state.status === 'withdrawn') return [];
  const { details, evses } = state;
  return [{ type: 'SiteWithdrawn', data: { cpoPartyId, siteId, details, evses, withdrawnAt: at } }];
}

/** eMI3 / IEC 63119-2 UC1-2: an operator publishes only EVSEs under its own operator ids, each once. */
function checkEvses(evses: readonly Evse[], actingPartyIds: readonly string[], onOtherSites: readonly string[]): void {
  const seen = new Set<string>();
  for (const evse of evses) {
    const operatorId = EvseId.parse(evse.evseId).operatorId.value;
    if (!actingPartyIds.includes(operatorId)) throw SiteErrors.evseNotOwned(evse.evseId, operatorId);
    if (seen.has(evse.evseId)) throw SiteErrors.evseDuplicate(evse.evseId);
    seen.add(evse.evseId);
    const connectors = new Set<string>();
    for (const connector of evse.connectors) {
      if (connectors.has(connector.connectorId))
        throw SiteErrors.connectorDuplicate(evse.evseId, connector.connectorId);
      connectors.add(connector.connectorId);
    }
  }
  const elsewhere = evses.map((e) => e.evseId).filter((id) => onOtherSites.includes(id));
  if (elsewhere.length > 0) throw SiteErrors.evseOnOtherSite(elsewhere);
}

function unchanged(before: readonly EvseRecord[], evse: Evse): boolean {
  const existing = before.find((e) => e.evseId === evse.evseId);
  if (!existing || existing.status !== 'PUBLISHED') return false;
  const { status: _status, ...data } = existing;
  return sameData(data, evse);
}
