import { CLEARING_HOUSE_NAMESPACE, streamName, uuidV5 } from '@roaming/shared-kernel';

export const DEAD_LETTER_CATEGORY = 'deadLetter';

/** One letter per (app, dead-letter topic, message id): parked again after a failed replay, it is the same letter. */
export function deadLetterId(appName: string, deadLetterTopic: string, messageId: string): string {
  return uuidV5(`dead-letter:${appName}:${deadLetterTopic}:${messageId}`, CLEARING_HOUSE_NAMESPACE);
}

/** `deadLetter-<app>+<letter id>`: the app is the cardinal id, so apps sharing a database keep their letters apart. */
export function deadLetterStream(appName: string, letterId: string): string {
  return streamName(DEAD_LETTER_CATEGORY, `${appName}+${letterId}`);
}
