import { HTTP_METHODS, type RouteAuth } from '@frontdesk/gateway-core';
import { CreateAppError } from '../errors.ts';
import { checkSecurity, type OpenApiDocument, type SecurityRequirement } from './read-document.ts';

/** A manifest route proposed from one operation, and why a person must confirm it, if they must. */
export interface ProposedRoute {
  readonly key: string;
  readonly route: RouteAuth;
  /** Set when create-app decided something the document did not say outright. */
  readonly review?: string;
  readonly operationId?: string;
}

export interface ProposedRoutes {
  readonly routes: ProposedRoute[];
  /** Operations that cannot become routes (e.g. TRACE), for the command to print. */
  readonly skipped: string[];
}

/** OAuth 2.0 and OpenID Connect scopes are what Frontdesk's authorizer checks in the token. */
const SCOPED = new Set(['oauth2', 'openIdConnect']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const OPERATION_FIELDS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * One route per path and method, its auth from the operation's `security` (else the document's):
 *
 * - OAuth2/OpenID requirement → its scopes; an HTTP bearer requirement → the scopes (3.1 role
 *   names) it lists, else any valid token.
 * - `security: []` → public, because the document says so — with a reason and marked for review.
 * - no security at all, or only schemes Frontdesk cannot enforce (apiKey, basic, mutualTLS) →
 *   a proposed `<app>:read` (safe methods) or `<app>:write` scope, marked for review.
 * - alternatives (OpenAPI's OR) → every scope of every enforceable alternative (never looser),
 *   marked for review.
 */
export function routesFromOpenApi(document: OpenApiDocument, app: string): ProposedRoutes {
  const routes: ProposedRoute[] = [];
  const skipped: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const field of OPERATION_FIELDS) {
      const operation = item[field];
      if (operation === undefined) continue;
      const method = field.toUpperCase();
      if (typeof operation !== 'object' || operation === null || Array.isArray(operation)) {
        throw new CreateAppError('ERR_INVALID_OPENAPI', `${document.file}: paths."${path}".${field} must be an Operation object`);
      }
      const op = operation as Record<string, unknown>;
      if (!(HTTP_METHODS as readonly string[]).includes(method)) {
        skipped.push(`${method} ${path}: API Gateway HTTP APIs have no ${method} routes`);
        continue;
      }
      const security =
        op.security === undefined
          ? document.security
          : checkSecurity(op.security, `paths."${path}".${field}.security`, document.file, document.securitySchemes);
      const summary = typeof op.summary === 'string' ? op.summary.trim() : typeof op.operationId === 'string' ? op.operationId : undefined;
      const proposed = authFor(document, app, method, security, `${method} ${path}`);
      routes.push({
        key: `${method} ${path}`,
        route: { ...proposed.route, ...(summary ? { description: summary } : {}) } as RouteAuth,
        ...(proposed.review ? { review: proposed.review } : {}),
        ...(typeof op.operationId === 'string' ? { operationId: op.operationId } : {}),
      });
    }
  }
  return { routes, skipped };
}

function authFor(
  document: OpenApiDocument,
  app: string,
  method: string,
  security: readonly SecurityRequirement[] | undefined,
  key: string,
): { route: RouteAuth; review?: string } {
  const proposed = (why: string) => {
    const scope = `${app}:${SAFE_METHODS.has(method) ? 'read' : 'write'}`;
    return { route: { scopes: [scope] } as RouteAuth, review: `${why}; proposed scope ${scope}` };
  };
  if (security === undefined) return proposed('the document declares no security for this operation');
  if (security.length === 0) {
    return {
      route: { auth: 'public', reason: `${document.file} declares ${key} public (security: []).` } as RouteAuth,
      review: 'public because the document says security: []; confirm that anyone may call it without a token',
    };
  }
  const anonymous = security.filter((requirement) => Object.keys(requirement).length === 0).length;
  const enforceable = security.filter(
    (requirement) => Object.keys(requirement).length > 0 && Object.keys(requirement).every((name) => enforceableScheme(document, name)),
  );
  const unsupported = [
    ...new Set(security.flatMap((requirement) => Object.keys(requirement).filter((name) => !enforceableScheme(document, name)))),
  ];
  if (anonymous === security.length) {
    return {
      route: { auth: 'public', reason: `${document.file} allows anonymous calls to ${key} (security: [{}]).` } as RouteAuth,
      review: 'public because the document allows anonymous access; confirm that anyone may call it',
    };
  }
  if (enforceable.length === 0) {
    return proposed(
      `${unsupported.map((name) => `${name} (${describeScheme(document, name)})`).join(', ')} cannot be enforced by Frontdesk's OIDC authorizer`,
    );
  }
  // OpenAPI 3.1 lets a bearer requirement list role names; the authorizer checks them as scopes
  // (this is how `pnpm routes` describes Frontdesk's own apps).
  const scopes = [...new Set(enforceable.flatMap((requirement) => Object.values(requirement).flat()))];
  const notes: string[] = [];
  if (enforceable.length > 1)
    notes.push(
      'the document offers alternative requirements (any one suffices); Frontdesk requires every scope listed, so callers need all of them',
    );
  if (anonymous > 0) notes.push('the document also allows anonymous calls; Frontdesk requires a token');
  if (unsupported.length > 0) notes.push(`${unsupported.join(', ')} cannot be enforced and was left out`);
  if (scopes.length === 0) notes.push('the document requires a token but no scope: any valid token reaches it');
  return { route: { scopes } as RouteAuth, ...(notes.length > 0 ? { review: notes.join('; ') } : {}) };
}

function enforceableScheme(document: OpenApiDocument, name: string): boolean {
  const scheme = document.securitySchemes[name]!;
  return SCOPED.has(scheme.type) || (scheme.type === 'http' && scheme.scheme === 'bearer');
}

function describeScheme(document: OpenApiDocument, name: string): string {
  const scheme = document.securitySchemes[name]!;
  return scheme.type === 'http' ? `http ${scheme.scheme ?? ''}`.trim() : scheme.type;
}
