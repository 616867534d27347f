export * from './dead-letter.events';
export * from './dead-letter.commands';
export * from './dead-letter.state';
export * from './dead-letter.errors';
export * from './dead-letter.decide';
export * from './dead-letter.decider';
export * from './dead-letter.stream';
