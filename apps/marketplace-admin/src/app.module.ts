import { platformAppModule } from '@roaming/platform';

/**
 * The marketplace-admin deployable. Its bounded context's use cases come in their own issue; until then the app runs the shared
 * platform: configuration, its own copy of the partner directory (schema `marketplacea`), health and docs.
 */
export const MarketplaceAdminAppModule = platformAppModule('marketplace-admin', 'marketplacea');
