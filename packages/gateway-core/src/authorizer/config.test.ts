import { describe, expect, it } from 'vitest';
import { AuthorizerConfigError, loadAuthorizerConfig } from './config.ts';

const base = { FRONTDESK_ISSUER: 'https://id.example.com/', FRONTDESK_AUDIENCE: 'orders-api, users-api' };

function problem(env: Record<string, string | undefined>): AuthorizerConfigError {
  try {
    loadAuthorizerConfig(env);
  } catch (error) {
    if (error instanceof AuthorizerConfigError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('loadAuthorizerConfig', () => {
  it('applies the defaults', () => {
    expect(loadAuthorizerConfig(base)).toEqual({
      issuer: 'https://id.example.com/',
      audience: ['orders-api', 'users-api'],
      jwksUri: undefined,
      algorithms: ['RS256', 'ES256'],
      clockToleranceSeconds: 30,
      dpop: 'optional',
      publicUrl: undefined,
      replayTable: undefined,
      stage: undefined,
      allowUntypedTokens: false,
      jwksMaxStaleSeconds: 3600,
      tokenCacheSize: 1000,
    });
  });

  it('reads every variable', () => {
    expect(
      loadAuthorizerConfig({
        ...base,
        FRONTDESK_JWKS_URI: 'https://id.example.com/keys',
        FRONTDESK_ALGORITHMS: 'ES384, PS256',
        FRONTDESK_CLOCK_TOLERANCE: '0',
        FRONTDESK_DPOP: 'required',
        FRONTDESK_PUBLIC_URL: 'HTTPS://API.Example.com:443/',
        FRONTDESK_REPLAY_TABLE: 'frontdesk-dev-dpop-replay',
        FRONTDESK_STAGE: 'pr-42',
        FRONTDESK_TOKEN_CACHE_SIZE: '0',
      }),
    ).toMatchObject({
      jwksUri: 'https://id.example.com/keys',
      algorithms: ['ES384', 'PS256'],
      clockToleranceSeconds: 0,
      dpop: 'required',
      publicUrl: 'https://api.example.com',
      replayTable: 'frontdesk-dev-dpop-replay',
      stage: 'pr-42',
      tokenCacheSize: 0,
    });
  });

  it.each([
    ['FRONTDESK_ISSUER', { FRONTDESK_AUDIENCE: 'a' }, /FRONTDESK_ISSUER is required/],
    ['FRONTDESK_ISSUER', { ...base, FRONTDESK_ISSUER: 'id.example.com' }, /absolute http\(s\) URL/],
    ['FRONTDESK_ISSUER', { ...base, FRONTDESK_ISSUER: 'ftp://id.example.com' }, /https/],
    ['FRONTDESK_AUDIENCE', { FRONTDESK_ISSUER: base.FRONTDESK_ISSUER }, /FRONTDESK_AUDIENCE is required/],
    ['FRONTDESK_AUDIENCE', { ...base, FRONTDESK_AUDIENCE: ' , ,' }, /at least one audience/],
    ['FRONTDESK_JWKS_URI', { ...base, FRONTDESK_JWKS_URI: '/keys' }, /absolute/],
    ['FRONTDESK_ALGORITHMS', { ...base, FRONTDESK_ALGORITHMS: 'RS256,HS256' }, /HS256.*refused/],
    ['FRONTDESK_ALGORITHMS', { ...base, FRONTDESK_ALGORITHMS: 'none' }, /"none".*refused/],
    ['FRONTDESK_ALGORITHMS', { ...base, FRONTDESK_ALGORITHMS: 'NoNe,ES256' }, /refused/],
    ['FRONTDESK_ALGORITHMS', { ...base, FRONTDESK_ALGORITHMS: 'RS257' }, /unknown algorithm "RS257"/],
    ['FRONTDESK_ALGORITHMS', { ...base, FRONTDESK_ALGORITHMS: ',' }, /at least one/],
    ['FRONTDESK_CLOCK_TOLERANCE', { ...base, FRONTDESK_CLOCK_TOLERANCE: '-5' }, /whole number/],
    ['FRONTDESK_CLOCK_TOLERANCE', { ...base, FRONTDESK_CLOCK_TOLERANCE: '1.5' }, /whole number/],
    ['FRONTDESK_CLOCK_TOLERANCE', { ...base, FRONTDESK_CLOCK_TOLERANCE: '3600' }, /0 to 300/],
    ['FRONTDESK_DPOP', { ...base, FRONTDESK_DPOP: 'strict' }, /off, optional, required/],
    ['FRONTDESK_PUBLIC_URL', { ...base, FRONTDESK_PUBLIC_URL: 'api.example.com' }, /absolute/],
    ['FRONTDESK_PUBLIC_URL', { ...base, FRONTDESK_PUBLIC_URL: 'https://api.example.com/orders' }, /origin/],
    ['FRONTDESK_PUBLIC_URL', { ...base, FRONTDESK_PUBLIC_URL: 'https://api.example.com/?x=1' }, /origin/],
    ['FRONTDESK_REPLAY_TABLE', { ...base, FRONTDESK_REPLAY_TABLE: 'no spaces allowed' }, /DynamoDB table name/],
    ['FRONTDESK_TOKEN_CACHE_SIZE', { ...base, FRONTDESK_TOKEN_CACHE_SIZE: '-1' }, /whole number of entries/],
    ['FRONTDESK_TOKEN_CACHE_SIZE', { ...base, FRONTDESK_TOKEN_CACHE_SIZE: '1e3' }, /whole number of entries/],
    ['FRONTDESK_TOKEN_CACHE_SIZE', { ...base, FRONTDESK_TOKEN_CACHE_SIZE: '100001' }, /0 \(off\) to 100000/],
  ])('names %s when it is wrong (%j)', (variable, env, message) => {
    const error = problem(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^${variable} `));
    expect(error.message).toMatch(message);
  });

  it('treats an empty value as unset', () => {
    expect(loadAuthorizerConfig({ ...base, FRONTDESK_DPOP: '', FRONTDESK_PUBLIC_URL: '  ' })).toMatchObject({
      dpop: 'optional',
      publicUrl: undefined,
    });
  });
});
