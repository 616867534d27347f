import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { extractApiKey } from './api-key';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { roleRequired } from './auth.errors';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import type { AuthenticatedRequest, Principal, Role } from './principal';

/**
 * Global guard: every HTTP route needs a valid API key unless marked @Public(); @Roles() then narrows who may call.
 * Refusals are DomainErrors, so the problem filter answers them like any other.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticator.authenticate(extractApiKey(request.headers));
    request.principal = principal;
    assertHasRole(principal, this.reflector.getAllAndOverride<readonly Role[] | undefined>(REQUIRED_ROLES, targets));
    return true;
  }
}

/** Passes when nothing is required or the principal holds at least one required role; else ROLE_REQUIRED (403). */
export function assertHasRole(principal: Principal, required: readonly Role[] | undefined): void {
  if (!required || required.length === 0) return;
  if (!required.some((role) => principal.roles.includes(role))) throw roleRequired(required);
}
