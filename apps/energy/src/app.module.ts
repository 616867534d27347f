import { platformAppModule } from '@roaming/platform';

/**
 * The energy deployable. Its bounded context's use cases come in their own issue; until then the app runs the shared
 * platform: configuration, its own copy of the partner directory (schema `energy`), health and docs.
 */
export const EnergyAppModule = platformAppModule('energy', 'energy');
