import { requestToken, tokenScopes, type IssuedToken, type TokenSource } from './credentials.ts';
import { createProof, createProofKey } from './dpop.ts';
import { describeAnswer, send, type Answer } from './http.ts';
import type { CheckResult, DpopMode } from './report-types.ts';
import type { VerifyRoute } from './routes.ts';

const UNAUTHORIZED = '{"message":"Unauthorized"}';
const FORBIDDEN = '{"message":"Forbidden"}';

export interface AuthCheckContext {
  readonly target: URL;
  readonly dpop: DpopMode;
  readonly protectedRoute: VerifyRoute | undefined;
  /** Scopes the request-shape route needs as well, so one token serves both. */
  readonly extraScopes: readonly string[];
  /** `undefined` when no token source could be set up; `tokenProblem` says why. */
  readonly tokens: TokenSource | undefined;
  readonly tokenProblem?: string;
  readonly fetch: typeof fetch;
}

/** The token the later checks (and the request-shape check) use, with how to present it. */
export interface Credential {
  readonly token: IssuedToken;
  /** Present with a fresh proof per request when set. */
  readonly proofKey?: Awaited<ReturnType<typeof createProofKey>>;
}

const urlOf = (context: AuthCheckContext, route: VerifyRoute) => new URL(route.path, context.target).href;
const is2xx = (answer: Answer) => answer.status >= 200 && answer.status < 300;

function expectAnswer(
  id: string,
  title: string,
  request: string,
  answer: Answer,
  expected: { status: number; body?: string } | '2xx',
): CheckResult {
  const ok =
    expected === '2xx'
      ? is2xx(answer)
      : answer.status === expected.status && (expected.body === undefined || answer.text === expected.body);
  const expectedText = expected === '2xx' ? '2xx' : `${expected.status}${expected.body ? ` ${expected.body}` : ''}`;
  return { id, title, status: ok ? 'pass' : 'fail', request, expected: expectedText, actual: describeAnswer(answer) };
}

async function guarded(id: string, title: string, run: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await run();
  } catch (error) {
    return { id, title, status: 'fail', detail: (error as Error).message };
  }
}

/**
 * The authorization contract from outside: 401 without a token, 403 for a token that is not
 * one or lacks the scope, 2xx for the issuer's token with the scope; with DPoP on, a bound token
 * with a fresh proof passes while the same token as Bearer and a replayed proof are denied.
 * Returns the checks and the credential later checks reuse.
 */
export async function authChecks(context: AuthCheckContext): Promise<{ checks: CheckResult[]; credential?: Credential }> {
  const route = context.protectedRoute;
  if (!route) {
    const detail = 'no GET route without parameters requires a scope; name one with --protected <path>';
    return { checks: [{ id: 'no-token', title: 'protected route without a token → 401', status: 'skip', detail }] };
  }
  const url = urlOf(context, route);
  const scopes = route.scopes ?? [];
  const checks: CheckResult[] = [];

  checks.push(
    await guarded('no-token', 'protected route without a token → 401', async () =>
      expectAnswer(
        'no-token',
        'protected route without a token → 401',
        `GET ${route.path} (no Authorization)`,
        await send(url, {}, context.fetch),
        { status: 401, body: UNAUTHORIZED },
      ),
    ),
  );
  checks.push(
    await guarded('invalid-token', 'a token that is not one → 403', async () =>
      expectAnswer(
        'invalid-token',
        'a token that is not one → 403',
        `GET ${route.path} (Bearer eyJub3QiOiJhIHRva2VuIn0.e30.c2ln)`,
        await send(url, { authorization: 'Bearer eyJub3QiOiJhIHRva2VuIn0.e30.c2ln' }, context.fetch),
        { status: 403, body: FORBIDDEN },
      ),
    ),
  );

  const tokens = context.tokens;
  const tokenChecks = [
    'missing-scope',
    'valid-token',
    ...(context.dpop === 'off' ? ['dpop-refused'] : ['dpop-proof', 'dpop-token-as-bearer', 'dpop-replay']),
    ...(context.dpop === 'required' ? ['bearer-refused'] : []),
  ];
  if (!tokens) {
    for (const id of tokenChecks) checks.push({ id, title: id, status: 'fail', detail: context.tokenProblem ?? 'no token source' });
    return { checks };
  }

  checks.push(
    await guarded('missing-scope', `token without ${scopes.join(' ')} → 403`, async () => {
      const title = `token without ${scopes.join(' ')} → 403`;
      // Under FRONTDESK_DPOP=required every Bearer token is refused anyway: the scope check must use DPoP.
      const proofKey = context.dpop === 'required' ? await createProofKey() : undefined;
      const scopeless = await requestToken(
        tokens,
        context.extraScopes.filter((scope) => !scopes.includes(scope)),
        proofKey,
        context.fetch,
      );
      const granted = tokenScopes(scopeless.claims).filter((scope) => scopes.includes(scope));
      if (granted.length > 0) {
        return {
          id: 'missing-scope',
          title,
          status: 'skip',
          detail: `the issuer granted ${granted.join(' ')} without being asked; register a verify client that may go without it`,
        };
      }
      const headers: Record<string, string> = proofKey
        ? { authorization: `DPoP ${scopeless.accessToken}`, dpop: await createProof(proofKey, 'GET', url, scopeless.accessToken) }
        : { authorization: `Bearer ${scopeless.accessToken}` };
      return expectAnswer(
        'missing-scope',
        title,
        `GET ${route.path} (${proofKey ? 'DPoP' : 'Bearer'}, scopes "${tokenScopes(scopeless.claims).join(' ')}")`,
        await send(url, headers, context.fetch),
        { status: 403, body: FORBIDDEN },
      );
    }),
  );

  const wanted = [...new Set([...scopes, ...context.extraScopes])];
  let credential: Credential | undefined;
  if (context.dpop !== 'required') {
    checks.push(
      await guarded('valid-token', `issuer's token with ${scopes.join(' ')} → 2xx`, async () => {
        const token = await requestToken(tokens, wanted, undefined, context.fetch);
        credential = { token };
        return expectAnswer(
          'valid-token',
          `issuer's token with ${scopes.join(' ')} → 2xx`,
          `GET ${route.path} (Bearer from ${tokens.tokenUrl}, scopes "${tokenScopes(token.claims).join(' ')}")`,
          await send(url, { authorization: `Bearer ${token.accessToken}` }, context.fetch),
          '2xx',
        );
      }),
    );
  }

  if (context.dpop === 'off') {
    checks.push(
      await guarded('dpop-refused', 'DPoP scheme while FRONTDESK_DPOP=off → 403', async () => {
        const key = await createProofKey();
        const token = await requestToken(tokens, wanted, undefined, context.fetch);
        return expectAnswer(
          'dpop-refused',
          'DPoP scheme while FRONTDESK_DPOP=off → 403',
          `GET ${route.path} (DPoP scheme, fresh proof)`,
          await send(
            url,
            { authorization: `DPoP ${token.accessToken}`, dpop: await createProof(key, 'GET', url, token.accessToken) },
            context.fetch,
          ),
          { status: 403, body: FORBIDDEN },
        );
      }),
    );
    return { checks, ...(credential ? { credential } : {}) };
  }

  // DPoP on: a token bound to an ephemeral key (RFC 9449 §5: a proof at the token endpoint).
  let bound: Credential | undefined;
  checks.push(
    await guarded('dpop-proof', 'DPoP-bound token with a fresh proof → 2xx', async () => {
      const title = 'DPoP-bound token with a fresh proof → 2xx';
      const proofKey = await createProofKey();
      const token = await requestToken(tokens, wanted, proofKey, context.fetch);
      const jkt = (token.claims.cnf as { jkt?: unknown } | undefined)?.jkt;
      if (jkt !== proofKey.thumbprint) {
        return {
          id: 'dpop-proof',
          title,
          status: 'fail',
          detail: `${tokens.tokenUrl} did not bind the token to the proof key (cnf.jkt ${jkt === undefined ? 'absent' : 'differs'}); the client or issuer does not support DPoP`,
        };
      }
      bound = { token, proofKey };
      return expectAnswer(
        'dpop-proof',
        title,
        `GET ${route.path} (DPoP, bound token, fresh proof)`,
        await send(
          url,
          { authorization: `DPoP ${token.accessToken}`, dpop: await createProof(proofKey, 'GET', url, token.accessToken) },
          context.fetch,
        ),
        '2xx',
      );
    }),
  );
  const boundToken = bound as Credential | undefined;
  for (const [id, title] of [
    ['dpop-token-as-bearer', 'the same bound token as Bearer → 403'],
    ['dpop-replay', 'a proof sent twice → 403 the second time'],
  ] as const) {
    checks.push(
      await guarded(id, title, async () => {
        if (!boundToken?.proofKey) return { id, title, status: 'fail', detail: 'no DPoP-bound token (see dpop-proof)' };
        const { accessToken } = boundToken.token;
        if (id === 'dpop-token-as-bearer') {
          return expectAnswer(
            id,
            title,
            `GET ${route.path} (Bearer, DPoP-bound token)`,
            await send(url, { authorization: `Bearer ${accessToken}` }, context.fetch),
            { status: 403, body: FORBIDDEN },
          );
        }
        const proof = await createProof(boundToken.proofKey, 'GET', url, accessToken);
        const headers = { authorization: `DPoP ${accessToken}`, dpop: proof };
        const first = await send(url, headers, context.fetch);
        if (!is2xx(first))
          return {
            id,
            title,
            status: 'fail',
            request: `GET ${route.path} (DPoP, one proof twice)`,
            detail: `the first use was refused already: ${describeAnswer(first)}`,
          };
        return expectAnswer(id, title, `GET ${route.path} (DPoP, one proof twice)`, await send(url, headers, context.fetch), {
          status: 403,
          body: FORBIDDEN,
        });
      }),
    );
  }
  if (context.dpop === 'required') {
    checks.push(
      await guarded('bearer-refused', 'Bearer while FRONTDESK_DPOP=required → 403', async () => {
        const token = await requestToken(tokens, wanted, undefined, context.fetch);
        return expectAnswer(
          'bearer-refused',
          'Bearer while FRONTDESK_DPOP=required → 403',
          `GET ${route.path} (Bearer, unbound token)`,
          await send(url, { authorization: `Bearer ${token.accessToken}` }, context.fetch),
          { status: 403, body: FORBIDDEN },
        );
      }),
    );
  }
  return { checks, ...((credential ?? boundToken) ? { credential: (credential ?? boundToken) as Credential } : {}) };
}
