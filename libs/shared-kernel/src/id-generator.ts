import { createHash, randomUUID } from 'crypto';

/** Ids are an input too, so that tests can fix them. */
export abstract class IdGenerator {
  abstract uuid(): string;
}

export class RandomIdGenerator extends IdGenerator {
  uuid(): string {
    return randomUUID();
  }
}

/** Hands out 00000000-0000-4000-8000-000000000001, …002, … in order; for tests. */
export class SequentialIdGenerator extends IdGenerator {
  private next = 1;
  uuid(): string {
    return `00000000-0000-4000-8000-${(this.next++).toString(16).padStart(12, '0')}`;
  }
}

/**
 * RFC 9562 name-based UUID (version 5, SHA-1). Used for deterministic ids from natural keys, so that the same
 * CDR sent twice, or the same request retried, lands on the same stream or message id and collides.
 */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`namespace is not a UUID: ${namespace}`);
  const hash = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Namespace of the clearing house's name-based ids (a random UUID fixed once). */
export const CLEARING_HOUSE_NAMESPACE = '6f1c0b5e-3d2a-4c8e-9b7f-2a4d5e6f7a8b';
