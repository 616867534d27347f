import { platformAppModule } from '@roaming/platform';

/**
 * The station-management deployable. Its bounded context's use cases come in their own issue; until then the app runs the shared
 * platform: configuration, its own copy of the partner directory (schema `stationmanag`), health and docs.
 */
export const StationManagementAppModule = platformAppModule('station-management', 'stationmanag');
