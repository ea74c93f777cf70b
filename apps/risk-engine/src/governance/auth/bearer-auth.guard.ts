import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { JsonWebKey } from 'node:crypto';
import { ENGINE_CONFIG, type EngineConfig } from '@app/config';
import { InvalidTokenError, ROLES, verifyHs256, verifyWithJwks, type Principal, type Role } from '@app/governance';
import type { AuthenticatedRequest } from './authenticated-request';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

const JWKS_TTL_MS = 5 * 60_000;
const ANONYMOUS: Principal = { subject: 'anonymous', roles: [...ROLES] };

/**
 * Bearer JWT authentication and role checks for every endpoint: HS256 with AUTH_JWT_SECRET, or
 * RS/ES keys from AUTH_JWKS_URL. With neither configured, authentication is off (development
 * only; the engine says so at start) and every caller acts as "anonymous" with every role.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly logger = new Logger(BearerAuthGuard.name);
  private jwks: { keys: (JsonWebKey & { kid?: string })[]; fetchedAt: number } | null = null;

  constructor(
    private readonly reflector: Reflector,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {
    if (!config.auth.jwtSecret && !config.auth.jwksUrl) {
      this.logger.warn('AUTHENTICATION IS OFF: set AUTH_JWT_SECRET or AUTH_JWKS_URL before exposing the engine');
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed) return true;
    if (!principal.roles.some((role) => allowed.includes(role))) {
      throw new ForbiddenException({
        statusCode: 403,
        code: 'AUTH.FORBIDDEN',
        message: `This needs one of the roles ${allowed.join(', ')}`,
      });
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    const { jwtSecret, jwksUrl } = this.config.auth;
    if (!jwtSecret && !jwksUrl) return ANONYMOUS;
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) throw new UnauthorizedException({ statusCode: 401, code: 'AUTH.MISSING_TOKEN', message: 'A bearer token is required' });
    try {
      if (jwtSecret) return verifyHs256(token, jwtSecret);
      return verifyWithJwks(token, await this.keys());
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw new UnauthorizedException({ statusCode: 401, code: 'AUTH.INVALID_TOKEN', message: error.message });
      throw error;
    }
  }

  private async keys(): Promise<(JsonWebKey & { kid?: string })[]> {
    if (this.jwks && Date.now() - this.jwks.fetchedAt < JWKS_TTL_MS) return this.jwks.keys;
    const response = await fetch(this.config.auth.jwksUrl as string);
    if (!response.ok)
      throw new UnauthorizedException({ statusCode: 401, code: 'AUTH.JWKS_UNAVAILABLE', message: 'The key set cannot be fetched' });
    const body = (await response.json()) as { keys?: (JsonWebKey & { kid?: string })[] };
    this.jwks = { keys: body.keys ?? [], fetchedAt: Date.now() };
    return this.jwks.keys;
  }
}
