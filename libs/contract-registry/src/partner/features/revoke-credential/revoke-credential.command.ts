import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';

export class RevokeCredentialCommand extends Command<void> {
  constructor(
    readonly partnerId: string,
    readonly keyId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
