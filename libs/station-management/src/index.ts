export * from './config/station-config';
export * from './config/station-config.token';
export * from './site/domain';
export * from './site/projections/sites/sites.projection';
export * from './station-management.migrations';
export * from './station-management-credentials.module';
export * from './station-management.module';
export * from './registry-view/registry-view.migrations';
