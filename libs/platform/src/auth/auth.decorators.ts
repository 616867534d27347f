import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { unauthenticated } from './auth.errors';
import type { AuthenticatedRequest, Principal, Role } from './principal';

export const IS_PUBLIC = 'platform:isPublic';
export const REQUIRED_ROLES = 'platform:requiredRoles';

/**
 * Skips authentication (health, docs). In OpenAPI the empty security requirement overrides the document-wide one,
 * so the route shows as open.
 */
export function Public(): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));
}

/** The caller needs at least one of these roles; a method's list replaces its controller's. */
export function Roles(...roles: [Role, ...Role[]]): ClassDecorator & MethodDecorator {
  return SetMetadata(REQUIRED_ROLES, roles);
}

/** The authenticated caller of the current request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  // Only reachable on a @Public() route, where nobody was authenticated.
  if (!principal) throw unauthenticated();
  return principal;
});
