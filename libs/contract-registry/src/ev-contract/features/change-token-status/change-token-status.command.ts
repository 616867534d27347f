import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { TokenStatus } from '../../domain/ev-contract.state';

export class ChangeTokenStatusCommand extends Command<{ status: TokenStatus }> {
  constructor(
    readonly emaid: string,
    readonly uid: string,
    /** The status the EVSP wants the token in: 'blocked' blocks it, 'active' unblocks it. */
    readonly target: TokenStatus,
    readonly context: RequestContext,
  ) {
    super();
  }
}
