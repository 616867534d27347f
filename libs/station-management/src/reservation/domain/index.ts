export * from './reservation.facts';
export * from './reservation.stream';
export * from './reservation.events';
export * from './reservation.commands';
export * from './reservation.state';
export * from './reservation.decide';
export * from './reservation.decider';
