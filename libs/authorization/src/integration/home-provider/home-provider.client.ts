import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@roaming/shared-kernel';
import {
  AUTHORIZATION_DENIAL_REASONS,
  type AuthorizationTokenType,
  type ProviderAnswer,
  type ProviderRefusalReason,
} from '../../authorization/domain';
import { AuthorizationSettings } from '../../config/authorization.settings';
import type { ProviderEndpoint } from '../registry-view/registry-view.repository';
import { CircuitBreakers } from './circuit-breaker';

/** What the hub sends a home EVSP that decides at home (HTTP POST, JSON). */
export interface ProviderAuthorizationRequest {
  authorizationId: string;
  evseId: string;
  cpoPartyId: string;
  token: { uid: string; type: AuthorizationTokenType };
  /** The contract the hub knows the token by, when it knows one. */
  emaid?: string;
  service: string;
  requestedAt: string;
}

const REFUSAL_REASONS: readonly ProviderRefusalReason[] = [
  'UNKNOWN_TOKEN',
  'TOKEN_BLOCKED',
  'TOKEN_EXPIRED',
  'TOKEN_STOLEN',
  'TOKEN_DEACTIVATED',
  'SERVICE_NOT_ALLOWED',
  'NOT_ALLOWED_BY_PROVIDER',
];

/**
 * Asks a home EVSP in real time (IEC 63119-2 UC4-1; GeM 982 "a service to retrieve the information has to be
 * implemented by that partner"): one POST with a hard timeout, through the partner's circuit breaker. Never throws:
 * a late, failed or garbled answer is an `unreachable` answer, which the agreement's timeout policy then judges.
 *
 * The EVSP answers 200 with `{ "status": "ACCEPTED" | "DENIED", "reason"?, "emaid"?, "allowedServices"? }`.
 */
@Injectable()
export class HomeProviderClient {
  private readonly logger = new Logger(HomeProviderClient.name);
  private readonly breakers: CircuitBreakers;

  constructor(
    private readonly settings: AuthorizationSettings,
    clock: Clock,
  ) {
    this.breakers = new CircuitBreakers({
      failureThreshold: settings.breakerFailureThreshold,
      openMs: settings.breakerOpenMs,
      now: () => clock.now().getTime(),
    });
  }

  async ask(
    emspPartyId: string,
    endpoint: ProviderEndpoint,
    request: ProviderAuthorizationRequest,
    correlationId?: string,
  ): Promise<ProviderAnswer> {
    const circuit = this.breakers.of(emspPartyId);
    if (!circuit.tryAcquire()) return { kind: 'unreachable', cause: 'circuit-open' };
    const timeoutMs = endpoint.timeoutMs ?? this.settings.providerTimeoutMs;
    try {
      const response = await fetch(endpoint.authorizationUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
        },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`answered HTTP ${response.status}`);
      const answer = answerOf(await response.json());
      circuit.succeeded();
      return answer;
    } catch (error) {
      circuit.failed();
      // Named, not instanceof: the abort's DOMException may come from another realm than this module's Error.
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      this.logger.warn(
        `home EVSP ${emspPartyId} ${timedOut ? `did not answer within ${timeoutMs} ms` : `failed: ${message(error)}`}`,
      );
      return { kind: 'unreachable', cause: timedOut ? 'timeout' : 'error' };
    }
  }
}

/** Reads the EVSP's body; anything but a clear yes or no is a failed call. */
function answerOf(body: unknown): ProviderAnswer {
  const answer = (body ?? {}) as Record<string, unknown>;
  if (answer.status === 'ACCEPTED') {
    const services = answer.allowedServices;
    return {
      kind: 'allowed',
      ...(typeof answer.emaid === 'string' && answer.emaid !== '' ? { emaid: answer.emaid } : {}),
      ...(Array.isArray(services) && services.every((s) => typeof s === 'string')
        ? { allowedServices: services.map((s: string) => s.toUpperCase()) }
        : {}),
    };
  }
  if (answer.status === 'DENIED') {
    const reason = answer.reason;
    const known =
      typeof reason === 'string' &&
      (REFUSAL_REASONS as readonly string[]).includes(reason) &&
      (AUTHORIZATION_DENIAL_REASONS as readonly string[]).includes(reason);
    return { kind: 'refused', reason: known ? (reason as ProviderRefusalReason) : 'NOT_ALLOWED_BY_PROVIDER' };
  }
  throw new Error('answered neither ACCEPTED nor DENIED');
}

function message(error: unknown): string {
  const text = (error as { message?: unknown } | null)?.message;
  return typeof text === 'string' ? text : String(error);
}
