import { Command } from '@nestjs/cqrs';
import type { Principal } from '@roaming/platform';
import type { PresentedToken } from '../../domain';
import type { AuthorizationDecisionResponseDto } from './authorization-decision.response.dto';

export class AuthorizeTokenCommand extends Command<AuthorizationDecisionResponseDto> {
  constructor(
    readonly principal: Principal,
    /** As sent; parsed by the handler so that a malformed id is a 400 naming the field. */
    readonly evseId: string,
    readonly token: PresentedToken,
    readonly service: string | undefined,
    readonly idempotencyKey: string | undefined,
    readonly correlationId: string | undefined,
  ) {
    super();
  }
}
