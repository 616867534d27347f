import { platformAppModule } from '@roaming/platform';

/**
 * The settlement deployable. Its bounded context's use cases come in their own issue; until then the app runs the shared
 * platform: configuration, its own copy of the partner directory (schema `settlement`), health and docs.
 */
export const SettlementAppModule = platformAppModule('settlement', 'settlement');
