import { generateKeyPairSync, sign } from 'node:crypto';
import { InvalidTokenError, signHs256, verifyHs256, verifyWithJwks } from './bearer-token';

const SECRET = 'test-secret-of-enough-length-0123456789';

describe(verifyHs256.name, () => {
  it('accepts a well-signed token and keeps only known roles', () => {
    const token = signHs256({ sub: 'alice', roles: ['RISK_ANALYST', 'JANITOR'], exp: 2_000_000_000 }, SECRET);
    expect(verifyHs256(token, SECRET, 1_900_000_000)).toEqual({ subject: 'alice', roles: ['RISK_ANALYST'] });
  });

  it.each([
    ['a wrong secret', signHs256({ sub: 'alice', roles: [] }, 'other'), 'the signature does not verify'],
    ['an expired token', signHs256({ sub: 'alice', roles: [], exp: 100 }, SECRET), 'the token has expired'],
    ['no subject', signHs256({ roles: ['AUDITOR'] }, SECRET), 'the token has no subject (sub)'],
    ['garbage', 'not.a.token', 'the token cannot be decoded'],
  ])('rejects %s', (_label, token, message) => {
    expect(() => verifyHs256(token, SECRET, 1_000)).toThrow(new InvalidTokenError(message));
  });

  it('refuses the none algorithm', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'mallory', roles: ['RISK_SUPERVISOR'] })).toString('base64url');
    expect(() => verifyHs256(`${header}.${body}.`, SECRET)).toThrow('algorithm none is not accepted; use HS256');
  });
});

describe(verifyWithJwks.name, () => {
  it('verifies an RS256 token by key id', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1' };
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'svc-clearance', roles: 'CLEARANCE_SYSTEM' })).toString('base64url');
    const signature = sign('sha256', Buffer.from(`${header}.${body}`), privateKey).toString('base64url');
    expect(verifyWithJwks(`${header}.${body}.${signature}`, [jwk])).toEqual({ subject: 'svc-clearance', roles: ['CLEARANCE_SYSTEM'] });
    expect(() => verifyWithJwks(`${header}.${body}.${signature.slice(0, -4)}AAAA`, [jwk])).toThrow('the signature does not verify');
  });
});
