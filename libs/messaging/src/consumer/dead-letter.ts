import { deadLetterTopic, HEADER, type InboundMessage } from '../message-bus.port';

/** What goes to `<topic>.dlq`: the original body byte for byte, its headers, and why and where it failed. */
export interface DeadLetterMessage {
  topic: string;
  key: string | null;
  rawValue: string;
  headers: Record<string, string>;
}

export function toDeadLetter(message: InboundMessage, groupId: string, reason: string): DeadLetterMessage {
  return {
    topic: deadLetterTopic(message.topic),
    key: message.key,
    rawValue: message.rawValue,
    headers: {
      ...message.headers,
      [HEADER.error]: reason,
      [HEADER.originalTopic]: message.topic,
      [HEADER.originalPartition]: String(message.partition),
      [HEADER.originalOffset]: message.offset,
      [HEADER.consumerGroup]: groupId,
    },
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
