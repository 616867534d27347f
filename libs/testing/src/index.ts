export * from './decider-spec';
export * from './wait-for';
