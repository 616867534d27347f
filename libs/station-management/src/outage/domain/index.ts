export * from './outage.model';
export * from './outage.stream';
export * from './outage.events';
export * from './outage.commands';
export * from './outage.state';
export * from './outage.decider';
