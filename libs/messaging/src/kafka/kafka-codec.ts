import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
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

export function decodeInbound(topic: string, partition: number, message: KafkaMessage): InboundMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    rawValue: message.value ? message.value.toString('utf8') : '',
    headers: decodeHeaders(message.headers),
  };
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
