import type { Decider } from '@roaming/shared-kernel';
import type { TariffCommand } from './tariff.commands';
import { decideTariff } from './tariff.decide';
import type { TariffEvent } from './tariff.events';
import { evolveTariff, initialTariffState, type TariffState } from './tariff.state';

export const tariffDecider: Decider<TariffState, TariffCommand, TariffEvent> = {
  initialState: initialTariffState,
  decide: decideTariff,
  evolve: evolveTariff,
};
