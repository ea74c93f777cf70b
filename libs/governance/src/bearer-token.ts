import { createHmac, createPublicKey, timingSafeEqual, verify, type JsonWebKey } from 'node:crypto';
import { ROLES, type Principal, type Role } from './roles';

export class InvalidTokenError extends Error {}

interface JwtHeader {
  alg?: string;
  kid?: string;
}

interface JwtClaims {
  sub?: unknown;
  roles?: unknown;
  exp?: unknown;
  nbf?: unknown;
}

const decode = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;

function split(token: string): { header: JwtHeader; claims: JwtClaims; signed: string; signature: Buffer } {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('the token is not a JWT');
  const [header, claims, signature] = parts as [string, string, string];
  try {
    return {
      header: decode(header) as JwtHeader,
      claims: decode(claims) as JwtClaims,
      signed: `${header}.${claims}`,
      signature: Buffer.from(signature, 'base64url'),
    };
  } catch {
    throw new InvalidTokenError('the token cannot be decoded');
  }
}

function principalOf(claims: JwtClaims, nowSeconds: number): Principal {
  if (typeof claims.exp === 'number' && nowSeconds >= claims.exp) throw new InvalidTokenError('the token has expired');
  if (typeof claims.nbf === 'number' && nowSeconds < claims.nbf) throw new InvalidTokenError('the token is not valid yet');
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw new InvalidTokenError('the token has no subject (sub)');
  const raw = Array.isArray(claims.roles) ? claims.roles : typeof claims.roles === 'string' ? claims.roles.split(' ') : [];
  const roles = raw.filter((role): role is Role => typeof role === 'string' && (ROLES as readonly string[]).includes(role));
  return { subject: claims.sub, roles };
}

/** Verifies an HS256 token with a shared secret. */
export function verifyHs256(token: string, secret: string, nowSeconds = Date.now() / 1000): Principal {
  const { header, claims, signed, signature } = split(token);
  if (header.alg !== 'HS256') throw new InvalidTokenError(`algorithm ${String(header.alg)} is not accepted; use HS256`);
  const expected = createHmac('sha256', secret).update(signed).digest();
  if (expected.length !== signature.length || !timingSafeEqual(expected, signature))
    throw new InvalidTokenError('the signature does not verify');
  return principalOf(claims, nowSeconds);
}

const ASYMMETRIC: Record<string, { hash: string; dsaEncoding?: 'ieee-p1363' }> = {
  RS256: { hash: 'sha256' },
  RS384: { hash: 'sha384' },
  RS512: { hash: 'sha512' },
  ES256: { hash: 'sha256', dsaEncoding: 'ieee-p1363' },
  ES384: { hash: 'sha384', dsaEncoding: 'ieee-p1363' },
};

/** Verifies an RS256/384/512 or ES256/384 token against a JSON Web Key Set. */
export function verifyWithJwks(token: string, keys: (JsonWebKey & { kid?: string })[], nowSeconds = Date.now() / 1000): Principal {
  const { header, claims, signed, signature } = split(token);
  const algorithm = ASYMMETRIC[header.alg ?? ''];
  if (!algorithm) throw new InvalidTokenError(`algorithm ${String(header.alg)} is not accepted with a key set`);
  const candidates = header.kid ? keys.filter((key) => key.kid === header.kid) : keys;
  if (candidates.length === 0) throw new InvalidTokenError(`no key ${String(header.kid)} in the key set`);
  for (const jwk of candidates) {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const ok = verify(
      algorithm.hash,
      Buffer.from(signed),
      algorithm.dsaEncoding ? { key, dsaEncoding: algorithm.dsaEncoding } : key,
      signature,
    );
    if (ok) return principalOf(claims, nowSeconds);
  }
  throw new InvalidTokenError('the signature does not verify');
}

/** Signs an HS256 token (for tests and local tooling). */
export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}
