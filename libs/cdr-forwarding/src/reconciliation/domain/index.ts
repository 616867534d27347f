export * from './reconciliation.events';
export * from './reconciliation.stream';
export * from './reconciliation.decider';
