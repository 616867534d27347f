export * from './random-rating';
