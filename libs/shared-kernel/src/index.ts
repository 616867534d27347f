export * from './decider';
export * from './domain-error';
export * from './clock';
export * from './id-generator';
