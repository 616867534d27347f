import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { TokenStatus } from '../../domain/contract-record';

/** block / unblock (GeM UC 1502), or set any status (stolen, deactivated, active again). */
export type TokenStatusChange = { action: 'block' } | { action: 'unblock' } | { action: 'set'; status: TokenStatus };

export class ChangeTokenStatusCommand extends Command<{ status: TokenStatus }> {
  constructor(
    readonly emaid: string,
    readonly uid: string,
    readonly change: TokenStatusChange,
    readonly context: RequestContext,
  ) {
    super();
  }
}
