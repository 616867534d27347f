import { Injectable } from '@nestjs/common';
import { EventStore, loadState, type SqlExecutor } from '@roaming/event-store';
import { tariffDecider } from './domain/tariff.decider';
import { TariffRegistryErrors } from './domain/tariff.errors';
import { tariffStream } from './domain/tariff.stream';

/** Looks tariffs up in their own streams (so a check inside a transaction sees a tariff published a moment ago). */
@Injectable()
export class TariffCatalog {
  constructor(private readonly store: EventStore) {}

  /** An agreement may only name a tariff its CPO has published (TARIFF_NOT_FOUND otherwise). */
  async assertPublished(cpoPartyId: string, tariffId: string, tx?: SqlExecutor): Promise<void> {
    const { state } = await loadState(this.store, tariffStream(cpoPartyId, tariffId), tariffDecider, tx);
    if (state.kind !== 'published') throw TariffRegistryErrors.notFound(cpoPartyId, tariffId);
  }
}
