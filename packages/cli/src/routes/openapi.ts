import { HTTP_METHODS, isPublicRoute, parseRouteKey, type AppManifest } from '@frontdesk/gateway-core';

/** Where `pnpm routes` writes each app's OpenAPI description. */
export const OPENAPI_DIR = 'docs/openapi';
/** The one security scheme: the shared authorizer's access token, scopes per operation. */
const SECURITY_SCHEME = 'frontdesk';

type Json = Record<string, unknown>;

/**
 * An app's contract as OpenAPI 3.1, from its manifest: one operation per route (`ANY` expanded to
 * every method a more specific route does not take), path parameters declared (a greedy
 * `{proxy+}` keeps API Gateway's spelling), the base path as the server URL, and per operation
 * either `security: []` (public, with the manifest's reason) or the scopes the authorizer
 * requires. The scheme is an HTTP bearer JWT: the issuer is stage configuration, not something
 * the manifest knows; OpenAPI 3.1 lets a non-OAuth requirement list the scopes (role names).
 */
export function openApiDocument(manifest: AppManifest, version = '0.0.0'): Json {
  const paths: Record<string, Json> = {};
  const explicit = new Set(Object.keys(manifest.routes).filter((key) => !key.startsWith('ANY ')));
  let defaultRoute: Json | undefined;
  for (const [key, route] of Object.entries(manifest.routes)) {
    const parsed = parseRouteKey(key);
    const operation: Json = {
      ...(route.description ? { summary: route.description } : {}),
      ...(isPublicRoute(route)
        ? { security: [], 'x-frontdesk-public-reason': route.reason }
        : { security: [{ [SECURITY_SCHEME]: [...route.scopes] }] }),
      responses: isPublicRoute(route)
        ? { default: { description: 'The app’s answer' } }
        : {
            default: { description: 'The app’s answer' },
            '401': { description: 'No Authorization header: API Gateway answers before the authorizer runs' },
            '403': { description: 'Invalid token or a missing scope' },
          },
    };
    if (parsed.path === undefined) {
      defaultRoute = operation;
      continue;
    }
    const methods = parsed.method === 'ANY' ? HTTP_METHODS.filter((method) => !explicit.has(`${method} ${parsed.path}`)) : [parsed.method!];
    const item = (paths[parsed.path] ??= {});
    const parameters = parsed.segments.flatMap((segment) =>
      segment.kind === 'param' || segment.kind === 'greedy'
        ? [
            {
              name: segment.kind === 'greedy' ? `${segment.name}+` : segment.name,
              in: 'path',
              required: true,
              schema: { type: 'string' },
              ...(segment.kind === 'greedy' ? { description: 'Greedy: the rest of the path' } : {}),
            },
          ]
        : [],
    );
    if (parameters.length > 0) item.parameters = parameters;
    for (const method of methods) item[method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: manifest.name,
      version,
      ...(manifest.description ? { description: manifest.description } : {}),
      'x-frontdesk-owner': manifest.owner,
    },
    servers: [{ url: `/${manifest.basePath}`, description: 'The app’s base path on the stage’s shared domain' }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An access token from the stage’s OIDC issuer, verified by Frontdesk’s shared authorizer, which requires every scope an operation lists. ' +
            'Stages with DPoP send it as `Authorization: DPoP <token>` with a `DPoP` proof header (RFC 9449).',
        },
      },
    },
    ...(defaultRoute ? { 'x-frontdesk-default-route': defaultRoute } : {}),
  };
}

export function openApiFile(name: string): string {
  return `${OPENAPI_DIR}/${name}.json`;
}

export function renderOpenApi(manifest: AppManifest, version?: string): string {
  return `${JSON.stringify(openApiDocument(manifest, version), null, 2)}\n`;
}
