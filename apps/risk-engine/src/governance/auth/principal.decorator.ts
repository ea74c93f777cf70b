import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@app/governance';
import type { AuthenticatedRequest } from './authenticated-request';

/** The authenticated caller of the request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return request.principal ?? { subject: 'anonymous', roles: [] };
});
