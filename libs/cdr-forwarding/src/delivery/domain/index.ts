export * from './delivery.events';
export * from './delivery.stream';
export * from './delivery.decider';
