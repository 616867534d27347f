import type { PublishTariff, TariffCommand } from './tariff.commands';
import { TariffRegistryErrors } from './tariff.errors';
import type { TariffEvent } from './tariff.events';
import type { TariffState } from './tariff.state';

/**
 * Versioning of a CPO's tariff: each version starts later than the one before and not in the past, so no session
 * already started or rated ever changes price; publishing the latest version again changes nothing.
 */
export function decideTariff(command: TariffCommand, state: TariffState): TariffEvent[] {
  switch (command.type) {
    case 'PublishTariff':
      return publish(command, state);
  }
}

function publish({ data }: PublishTariff, state: TariffState): TariffEvent[] {
  const latest = state.kind === 'published' ? state.versions[state.versions.length - 1] : undefined;
  if (state.kind === 'published' && latest) {
    const same =
      latest.validFrom === data.validFrom &&
      state.audience === data.audience &&
      sorted(latest.tariff) === sorted(data.tariff);
    if (same) return [];
    if (state.audience !== data.audience) throw TariffRegistryErrors.audienceChanged(state.audience);
    if (data.validFrom <= latest.validFrom) throw TariffRegistryErrors.versionOrder(latest.validFrom);
  }
  if (data.validFrom < data.at) throw TariffRegistryErrors.validFromInPast();
  return [
    {
      type: 'TariffPublished',
      data: {
        cpoPartyId: data.cpoPartyId,
        tariffId: data.tariffId,
        version: (latest?.version ?? 0) + 1,
        audience: data.audience,
        validFrom: data.validFrom,
        tariff: data.tariff,
        publishedAt: data.at,
      },
    },
  ];
}

/** JSON with object keys sorted: a tariff read back from the store has its keys in another order. */
function sorted(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
