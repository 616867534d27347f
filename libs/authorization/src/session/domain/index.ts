export * from './session.commands';
export * from './session.decider';
export * from './session.errors';
export * from './session.events';
export * from './session.state';
export * from './session.stream';
