import type { IHeaders, ITopicConfig, KafkaMessage, Message } from 'kafkajs';
import type { DeadLetterMessage } from '../consumer/dead-letter';
import { type InboundMessage, type OutboundMessage, outboundBody } from '../message-bus.port';

/** Keys and headers travel as UTF-8 strings, the body as JSON text. */
export function encodeOutbound(message: OutboundMessage): Message {
  return {
    key: message.key,
    value: outboundBody(message),
    headers: { ...message.headers },
  };
}

/** A dead letter keeps the original body as received, even when it is not JSON. */
export function encodeDeadLetter(letter: DeadLetterMessage): Message {
  return { key: letter.key, value: letter.rawValue, headers: { ...letter.headers } };
}

/**
 * What every topic the bus creates is created with: the broker stamps each record with the time it appended it, so
 * a consumer can trust the record's timestamp (the B2B doors bound a partner's signing time by it). With the default
 * CreateTime the timestamp is whatever the producer set.
 */
export const TOPIC_CONFIG_ENTRIES: NonNullable<ITopicConfig['configEntries']> = [
  { name: 'message.timestamp.type', value: 'LogAppendTime' },
];

/** kafkajs's timestamp type of a record batch whose timestamps the broker set (LogAppendTime). */
const LOG_APPEND_TIME = 1;

export function decodeInbound(topic: string, partition: number, message: KafkaMessage): InboundMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    rawValue: message.value ? message.value.toString('utf8') : '',
    headers: decodeHeaders(message.headers),
    appendedAt: appendTimeOf(message),
  };
}

/**
 * The broker's append time of a record, only when its batch says the broker stamped it. kafkajs decodes a record
 * batch's timestamp type into each record's `batchContext` (not in its typings); a CreateTime timestamp is the
 * producer's claim and is not one.
 */
function appendTimeOf(message: KafkaMessage): Date | undefined {
  const { batchContext } = message as KafkaMessage & { batchContext?: { timestampType?: number } };
  if (batchContext?.timestampType !== LOG_APPEND_TIME) return undefined;
  const at = new Date(Number(message.timestamp));
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** A header sent more than once arrives as an array; the first value wins. */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) continue;
    decoded[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return decoded;
}
