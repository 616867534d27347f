import type { TariffJson } from '@roaming/rating';
import type { TariffAudience, TariffEvent } from './tariff.events';

export interface TariffVersion {
  version: number;
  validFrom: string;
  tariff: TariffJson;
  publishedAt: string;
}

export interface PublishedTariff {
  kind: 'published';
  cpoPartyId: string;
  tariffId: string;
  audience: TariffAudience;
  versions: TariffVersion[];
}

export type TariffState = { kind: 'none' } | PublishedTariff;

export const initialTariffState = (): TariffState => ({ kind: 'none' });

export function evolveTariff(state: TariffState, event: TariffEvent): TariffState {
  const { cpoPartyId, tariffId, audience, version, validFrom, tariff, publishedAt } = event.data;
  const versions = state.kind === 'published' ? state.versions : [];
  return {
    kind: 'published',
    cpoPartyId,
    tariffId,
    audience,
    versions: [...versions, { version, validFrom, tariff, publishedAt }],
  };
}

/** The version pricing a session that starts at `at`: the latest one whose validity has begun; null before any. */
export function versionAt(tariff: PublishedTariff, at: string): TariffVersion | null {
  let current: TariffVersion | null = null;
  for (const version of tariff.versions) if (version.validFrom <= at) current = version;
  return current;
}
