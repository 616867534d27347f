export * from './topics';
export * from './integration-message';
export * from './contract-registry.v1';
export * from './authorization.v1';
export * from './cdr-forwarding.v1';
export * from './station-management.v1';
export * from './energy.v1';
export * from './settlement.v1';
