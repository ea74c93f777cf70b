import { signHs256, type Role } from '@app/governance';

export const TEST_JWT_SECRET = 'integration-test-secret-0123456789abcdef';

/** A bearer header for a subject holding the given roles. */
export function bearer(subject: string, ...roles: Role[]): string {
  return `Bearer ${signHs256({ sub: subject, roles, exp: Math.floor(Date.now() / 1000) + 3600 }, TEST_JWT_SECRET)}`;
}
