/** Stream naming of the remote command aggregate: `remoteCommand-<commandId>`. */
export const REMOTE_COMMAND_CATEGORY = 'remoteCommand';

export function remoteCommandStream(commandId: string): string {
  if (commandId.length === 0) throw new Error('commandId must not be empty');
  return `${REMOTE_COMMAND_CATEGORY}-${commandId}`;
}
