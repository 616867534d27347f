export * from './remote-command.commands';
export * from './remote-command.decider';
export * from './remote-command.errors';
export * from './remote-command.events';
export * from './remote-command.facts';
export * from './remote-command.state';
export * from './remote-command.stream';
