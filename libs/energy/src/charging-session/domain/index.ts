export * from './charge-plan';
export * from './charging-session';
export * from './same-data';
