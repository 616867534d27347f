import type { TariffJson } from '@roaming/rating';
import type { DomainEvent } from '@roaming/shared-kernel';

/** public: applies to every EVSP roaming with the CPO; negotiated: only where an agreement names it. */
export type TariffAudience = 'public' | 'negotiated';
export const TARIFF_AUDIENCES: readonly TariffAudience[] = ['public', 'negotiated'];

/**
 * A CPO published a version of one of its tariffs (IEC 63119 UC2-1 "provide tariff information", UC2-2): from
 * `validFrom` on this version prices sessions, until a later version starts. Versions are never changed or removed,
 * so a session can always be rated with the tariff as it was when it started. `tariff` is the rating library's
 * canonical tariff.
 */
export type TariffPublished = DomainEvent<
  'TariffPublished',
  {
    cpoPartyId: string;
    tariffId: string;
    version: number;
    audience: TariffAudience;
    validFrom: string;
    tariff: TariffJson;
    publishedAt: string;
  }
>;

export type TariffEvent = TariffPublished;
