import { loadWorkspace } from '@frontdesk/gateway-core/workspace';
import { authChecks } from './auth-checks.ts';
import { resolveTokenSource, type TokenSource } from './credentials.ts';
import { describeAnswer, send } from './http.ts';
import { startLocalReference, type LocalReference } from './reference.ts';
import type { CheckResult, DpopMode, VerifyReport } from './report-types.ts';
import { defaultProtectedRoute, defaultPublicRoute, resolveRoute, type VerifyRoute } from './routes.ts';
import { shapeCheck } from './shape-check.ts';
import { VerifyError } from './verify-error.ts';

/** The route users serves for this comparison; the default of `--shape` when it exists. */
const DEFAULT_SHAPE_PATH = '/users/me/request';

export interface VerifyOptions {
  /** The front door of the stage under test: its custom domain, or `pnpm dev`'s URL. */
  readonly target: string;
  /** The workspace whose manifests name the routes (and whose `pnpm dev` is the reference). */
  readonly root: string;
  /** `FRONTDESK_VERIFY_*` and `FRONTDESK_ISSUER` (token source). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly dpop: DpopMode;
  readonly publicPath?: string;
  readonly protectedPath?: string;
  readonly shapePath?: string;
  /** @default the in-process `pnpm dev` of `root` */
  readonly reference?: () => Promise<LocalReference>;
  readonly fetch?: typeof fetch;
}

function route(
  manifests: Parameters<typeof resolveRoute>[0],
  path: string | undefined,
  option: string,
  fallback: VerifyRoute | undefined,
): VerifyRoute | undefined {
  if (path === undefined) return fallback;
  if (!path.startsWith('/')) throw new VerifyError(`${option} "${path}" must be a path starting with "/", e.g. /users/health`);
  const resolved = resolveRoute(manifests, path);
  if (!resolved) throw new VerifyError(`${option} ${path}: no app's GET route serves it (see pnpm routes)`);
  return resolved;
}

/**
 * `pnpm verify`: checks a running Frontdesk from outside against the contract `pnpm dev`
 * implements, and returns a report; it throws only for problems that stop every check
 * (a bad URL or option, a workspace without manifests).
 */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  let target: URL;
  try {
    target = new URL(options.target);
  } catch {
    throw new VerifyError(
      `"${options.target}" is not a URL: give the stage's front door, e.g. https://api.example.com or http://127.0.0.1:3000`,
    );
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:')
    throw new VerifyError(`${options.target}: only http(s) URLs can be verified`);
  const fetchImpl = options.fetch ?? fetch;
  const { apps } = await loadWorkspace(options.root);
  const manifests = apps.map((app) => app.manifest);
  if (manifests.length === 0)
    throw new VerifyError(`no app manifests under ${options.root}/apps: run pnpm verify inside the Frontdesk workspace`);

  const publicRoute = route(manifests, options.publicPath, '--public', defaultPublicRoute(manifests));
  const protectedRoute = route(manifests, options.protectedPath, '--protected', defaultProtectedRoute(manifests));
  if (protectedRoute && (protectedRoute.scopes ?? []).length === 0) {
    throw new VerifyError(
      `--protected ${protectedRoute.path} (${protectedRoute.routeKey}) must require a scope, so a token without it can be refused`,
    );
  }
  const shapeRoute =
    options.shapePath !== undefined
      ? route(manifests, options.shapePath, '--shape', undefined)
      : resolveRoute(manifests, DEFAULT_SHAPE_PATH);
  if (shapeRoute && shapeRoute.scopes === undefined)
    throw new VerifyError(`--shape ${shapeRoute.path} is public: the comparison needs the authorizer's context, name a protected route`);

  const checks: CheckResult[] = [];
  if (publicRoute) {
    const title = `public route ${publicRoute.routeKey} of ${publicRoute.app} answers`;
    try {
      const answer = await send(new URL(publicRoute.path, target).href, {}, fetchImpl);
      const ok = answer.status >= 200 && answer.status < 300;
      checks.push({
        id: 'public-route',
        title,
        status: ok ? 'pass' : 'fail',
        request: `GET ${publicRoute.path} (no Authorization)`,
        expected: '2xx',
        actual: describeAnswer(answer),
      });
    } catch (error) {
      checks.push({
        id: 'public-route',
        title,
        status: 'fail',
        request: `GET ${publicRoute.path}`,
        detail: `${target.origin} did not answer: ${String((error as Error).cause ?? (error as Error).message)}`,
      });
    }
  } else {
    checks.push({
      id: 'public-route',
      title: 'public route answers',
      status: 'skip',
      detail: 'no public GET route without parameters; name one with --public <path>',
    });
  }

  let tokens: TokenSource | undefined;
  let tokenProblem: string | undefined;
  try {
    tokens = await resolveTokenSource(target, options.env, fetchImpl);
  } catch (error) {
    tokenProblem = (error as Error).message;
  }
  const auth = await authChecks({
    target,
    dpop: options.dpop,
    protectedRoute,
    extraScopes: shapeRoute?.scopes ?? [],
    tokens,
    ...(tokenProblem ? { tokenProblem } : {}),
    fetch: fetchImpl,
  });
  checks.push(...auth.checks);

  const shape = await shapeCheck({
    target,
    route: shapeRoute,
    credential: auth.credential,
    reference: options.reference ?? (() => startLocalReference(options.root, options.dpop)),
    fetch: fetchImpl,
  });
  checks.push(shape.check);

  const count = (status: CheckResult['status']) => checks.filter((check) => check.status === status).length;
  const summary = { passed: count('pass'), failed: count('fail'), skipped: count('skip') };
  return {
    target: target.href,
    dpop: options.dpop,
    ...(tokens ? { tokenEndpoint: `${tokens.tokenUrl} (${tokens.from}, client ${tokens.clientId})` } : {}),
    routes: {
      ...(publicRoute ? { public: publicRoute } : {}),
      ...(protectedRoute ? { protected: protectedRoute } : {}),
      ...(shapeRoute ? { shape: shapeRoute } : {}),
    },
    ...(shape.pathShape ? { pathShape: shape.pathShape } : {}),
    checks,
    summary,
    ok: summary.failed === 0,
  };
}
