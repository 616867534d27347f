export * from './invoice';
export * from './invoice-render';
