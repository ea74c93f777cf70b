import { SetMetadata } from '@nestjs/common';
import type { Role } from '@app/governance';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** The roles allowed to call an endpoint (any one of them suffices). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** An endpoint open without a token (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
