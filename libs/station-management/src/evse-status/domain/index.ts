export * from './evse-status';
export * from './evse-status-feed.stream';
export * from './evse-status-feed.events';
export * from './evse-status-feed.decide';
export * from './evse-status-report.values';
