import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { IssuedCredentialView } from '../issue-credential/issue-credential.command';

/** The new key (shown once) and the key it replaced, now revoked. */
export interface RotatedCredentialView extends IssuedCredentialView {
  revokedKeyId: string;
}

export class RotateCredentialCommand extends Command<RotatedCredentialView> {
  constructor(
    readonly partnerId: string,
    readonly keyId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
