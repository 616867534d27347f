export * from './config/energy-config';
export * from './energy.schema';
export * from './energy.migrations';
export * from './energy.module';
export * from './charging-session/domain';
export * from './grid-request/domain/grid-request';
