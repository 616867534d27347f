export * from './netting';
