import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/request-context';
import type { PartnerRole } from '../../domain/partner.events';

/** Shown once: the key itself is in this answer and nowhere else. */
export interface IssuedCredentialView {
  keyId: string;
  apiKey: string;
  partnerId: string;
  roles: PartnerRole[];
  partyIds: string[];
}

export class IssueCredentialCommand extends Command<IssuedCredentialView> {
  constructor(
    readonly partnerId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
