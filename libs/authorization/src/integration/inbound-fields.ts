import type { AuthorizationTokenType } from '../authorization/domain';

/** A B2B message this context cannot accept; its text ends up on the dead letter, for the partner to read. */
export class InboundRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InboundRequestError';
  }
}

const TOKEN_TYPES: readonly AuthorizationTokenType[] = ['RFID', 'APP', 'PLUG_AND_CHARGE', 'EMAID'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the fields of a partner's JSON message, naming the field in every error. */
export class InboundFields {
  private constructor(private readonly body: Record<string, unknown>) {}

  static of(raw: string): InboundFields {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new InboundRequestError('the message body is not JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new InboundRequestError('the message body must be a JSON object');
    }
    return new InboundFields(body as Record<string, unknown>);
  }

  has(field: string): boolean {
    return this.body[field] !== undefined && this.body[field] !== null;
  }

  text(field: string, max = 255): string {
    const value = this.body[field];
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      throw new InboundRequestError(`${field} must be a non-empty string of at most ${max} characters`);
    }
    return value.trim();
  }

  optionalText(field: string): string | null {
    return this.has(field) ? this.text(field) : null;
  }

  uuid(field: string): string {
    const value = this.text(field, 36);
    if (!UUID.test(value)) throw new InboundRequestError(`${field} must be a UUID`);
    return value.toLowerCase();
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.body[field];
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw new InboundRequestError(`${field} must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  }

  instant(field: string): string {
    const ms = Date.parse(this.text(field, 40));
    if (Number.isNaN(ms)) throw new InboundRequestError(`${field} must be an ISO-8601 instant`);
    return new Date(ms).toISOString();
  }

  wattHours(field: string): number {
    const value = this.body[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1_000_000_000) {
      throw new InboundRequestError(`${field} must be a whole number of Wh from 0`);
    }
    return value;
  }

  token(field: string): { uid: string; type: AuthorizationTokenType } {
    const value = this.body[field] as { uid?: unknown; type?: unknown } | undefined;
    if (!value || typeof value !== 'object' || typeof value.uid !== 'string' || value.uid.length > 255) {
      throw new InboundRequestError(`${field} must be an object with a uid and a type`);
    }
    if (typeof value.type !== 'string' || !(TOKEN_TYPES as readonly string[]).includes(value.type)) {
      throw new InboundRequestError(`${field}.type must be one of ${TOKEN_TYPES.join(', ')}`);
    }
    return { uid: value.uid, type: value.type as AuthorizationTokenType };
  }
}
