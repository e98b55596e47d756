import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempWorkspace } from '@frontdesk/test-support';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/create-app/command-line.ts';
import { createApp, planApp } from '../src/create-app/create-app.ts';
import { CreateAppError } from '../src/create-app/errors.ts';
import { readOpenApi } from '../src/create-app/openapi/read-document.ts';
import { renderOpenApiHandler, renderOpenApiManifest } from '../src/create-app/openapi/render.ts';
import { routesFromOpenApi } from '../src/create-app/openapi/routes.ts';
import { OPENAPI_TEMPLATE_DIR, PLACEHOLDERS } from '../src/create-app/template.ts';

const PETSTORE = fileURLToPath(new URL('./fixtures/openapi/petstore.yaml', import.meta.url));

function workspace(): string {
  const root = tempWorkspace('openapi', { 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n' });
  mkdirSync(join(root, 'apps'));
  return root;
}

function documentFile(root: string, name: string, text: string): string {
  const file = join(root, name);
  writeFileSync(file, text);
  return file;
}

async function refusal(file: string): Promise<CreateAppError> {
  const error = await planApp({ root: workspace(), name: 'pets', owner: 'team-pets', fromOpenApi: file }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CreateAppError);
  return error as CreateAppError;
}

describe('pnpm create-app --from-openapi', () => {
  it('writes routes from paths and methods and scopes from OAuth2/OpenID requirements, marking every decision of its own', async () => {
    const root = workspace();
    const plan = await createApp({ root, name: 'pets', owner: 'team-pets', fromOpenApi: PETSTORE });
    expect(plan.manifest.routes).toEqual({
      'GET /pets': { scopes: ['pets:read'], description: 'List pets' },
      'POST /pets': { scopes: ['pets:write'], description: 'Add a pet' },
      'GET /pets/{petId}': { scopes: ['pets:read', 'pets:admin'], description: 'Read one pet' },
      'PUT /pets/{petId}': { scopes: ['pets:write'], description: 'replacePet' },
      'DELETE /pets/{petId}': { scopes: ['pets:write'], description: 'deletePet' },
      'GET /health': { auth: 'public', reason: 'petstore.yaml declares GET /health public (security: []).', description: 'Liveness' },
    });
    expect(plan.reviews.map((entry) => entry.key)).toEqual([
      'GET /pets/{petId}',
      'PUT /pets/{petId}',
      'DELETE /pets/{petId}',
      'GET /health',
    ]);
    expect(plan.reviews[1]!.review).toBe("key (apiKey) cannot be enforced by Frontdesk's OIDC authorizer; proposed scope pets:write");
    expect(plan.reviews[3]!.review).toContain('confirm that anyone may call it without a token');
    expect(plan.skipped).toEqual(['TRACE /pets: API Gateway HTTP APIs have no TRACE routes']);
    const source = readFileSync(join(root, 'apps/pets/app.config.ts'), 'utf8');
    expect(source).toContain(
      "    // REVIEW: public because the document says security: []; confirm that anyone may call it without a token.\n    'GET /health': { auth: 'public'",
    );
    expect(source).toContain("name: 'pets',\n  owner: 'team-pets',\n  description: 'Pet store',\n  basePath: 'pets',");
    expect(readFileSync(join(root, 'apps/pets/src/handler.ts'), 'utf8')).toContain("    case 'DELETE /pets/{petId}': // deletePet\n");
    for (const test of ['test/handler.test.ts', 'test/stack.test.ts']) {
      expect(readFileSync(join(root, 'apps/pets', test), 'utf8'), test).toBe(readFileSync(join(OPENAPI_TEMPLATE_DIR, test), 'utf8'));
    }
    expect(readFileSync(join(root, 'apps/pets/bin/app.ts'), 'utf8')).toContain('AppStack');
  });

  it('keeps the checked-in openapi template equal to what the generator makes of the fixture (so its tests test the generator)', () => {
    const document = readOpenApi(PETSTORE);
    const { routes } = routesFromOpenApi(document, PLACEHOLDERS.name);
    expect(readFileSync(join(OPENAPI_TEMPLATE_DIR, 'app.config.ts'), 'utf8')).toBe(
      renderOpenApiManifest(PLACEHOLDERS, 'petstore.yaml', document.title, routes),
    );
    expect(readFileSync(join(OPENAPI_TEMPLATE_DIR, 'src/handler.ts'), 'utf8')).toBe(renderOpenApiHandler(PLACEHOLDERS, routes));
  });

  it('applies document-wide security (JSON, 3.0) unless an operation overrides it; a bearer token without scopes is any valid token, for review', () => {
    const root = workspace();
    const file = documentFile(
      root,
      'api.json',
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'Reports', version: '1' },
        security: [{ oidc: ['reports:read'] }],
        components: {
          securitySchemes: {
            oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://idp/.well-known/openid-configuration' },
            jwt: { type: 'http', scheme: 'Bearer' },
          },
        },
        paths: {
          '/reports': { get: {}, post: { security: [{ oidc: ['reports:read', 'reports:write'] }] } },
          '/reports/{id}/files/{proxy+}': { get: { security: [{ jwt: [] }] } },
          '/status': { get: { security: [] } },
          '/maybe': { get: { security: [{}, { oidc: ['reports:read'] }] } },
          '/anyone': { head: { security: [{}] } },
        },
      }),
    );
    const { routes } = routesFromOpenApi(readOpenApi(file), 'reports');
    expect(Object.fromEntries(routes.map(({ key, route, review }) => [key, [route, review]]))).toEqual({
      'GET /reports': [{ scopes: ['reports:read'] }, undefined],
      'POST /reports': [{ scopes: ['reports:read', 'reports:write'] }, undefined],
      'GET /reports/{id}/files/{proxy+}': [{ scopes: [] }, 'the document requires a token but no scope: any valid token reaches it'],
      'GET /status': [
        { auth: 'public', reason: 'api.json declares GET /status public (security: []).' },
        expect.stringContaining('security: []'),
      ],
      'GET /maybe': [{ scopes: ['reports:read'] }, 'the document also allows anonymous calls; Frontdesk requires a token'],
      'HEAD /anyone': [
        { auth: 'public', reason: 'api.json allows anonymous calls to HEAD /anyone (security: [{}]).' },
        expect.stringContaining('anonymous'),
      ],
    });
  });

  it('refuses malformed documents, naming the file and the field', async () => {
    const root = workspace();
    const cases: [string, string, RegExp][] = [
      ['swagger.yaml', 'swagger: "2.0"\npaths: {}\n', /swagger\.yaml: is Swagger 2\.0; only OpenAPI 3\.0 and 3\.1 are supported/],
      ['v4.yaml', 'openapi: 4.0.0\npaths: {}\n', /declares openapi: 4\.0\.0; only 3\.0\.x and 3\.1\.x are supported/],
      ['none.yaml', 'info: {}\n', /has no "openapi" version field/],
      ['broken.yaml', 'openapi: 3.1.0\npaths:\n  /a: [unclosed\n', /broken\.yaml: is neither valid JSON nor valid YAML at line \d+/],
      ['nopaths.yaml', 'openapi: 3.1.0\ninfo: {title: x, version: "1"}\n', /"paths" must be an object/],
      ['relative.yaml', 'openapi: 3.1.0\npaths:\n  pets: {}\n', /paths\."pets": a path must start with "\/"/],
      [
        'ref.yaml',
        'openapi: 3.1.0\npaths:\n  /pets:\n    $ref: "./pets.yaml"\n',
        /paths\."\/pets" is a \$ref \(\.\/pets\.yaml\); bundle the document first/,
      ],
      [
        'scheme.yaml',
        'openapi: 3.1.0\npaths:\n  /pets:\n    get:\n      security:\n        - oauth: [pets:read]\n',
        /names the security scheme "oauth", which components\.securitySchemes does not declare/,
      ],
      [
        'scopes.yaml',
        'openapi: 3.1.0\ncomponents: {securitySchemes: {o: {type: oauth2}}}\npaths:\n  /pets:\n    get:\n      security:\n        - o: pets:read\n',
        /paths\."\/pets"\.get\.security\[0\]\.o must be a list of scope names/,
      ],
      ['operation.yaml', 'openapi: 3.1.0\npaths:\n  /pets:\n    get: 42\n', /paths\."\/pets"\.get must be an Operation object/],
      ['empty.yaml', 'openapi: 3.1.0\npaths: {}\n', /declares no operation API Gateway can route/],
    ];
    for (const [name, text, message] of cases) {
      const error = await refusal(documentFile(root, name, text));
      expect(error.code, name).toBe('ERR_INVALID_OPENAPI');
      expect(error.message, name).toMatch(message);
    }
    expect((await refusal(join(root, 'missing.yaml'))).message).toMatch(/missing\.yaml: cannot be read: ENOENT/);
  });

  it('lets the manifest schema refuse what API Gateway or the authorizer cannot take, with its own message', async () => {
    const root = workspace();
    const error = await refusal(
      documentFile(
        root,
        'bad.yaml',
        'openapi: 3.1.0\ncomponents: {securitySchemes: {o: {type: oauth2}}}\npaths:\n  /pets:\n    get:\n      security:\n        - o: ["read pets"]\n',
      ),
    );
    expect(error.code).toBe('ERR_INVALID_MANIFEST');
    expect(error.message).toContain('a scope may only contain letters, digits and -._~:/?#&= (no spaces or commas)');
  });

  it('reads --from-openapi relative to where the command was typed', () => {
    const previous = process.env.INIT_CWD;
    process.env.INIT_CWD = '/work/somewhere';
    try {
      expect(parseCommandLine(['pets', '--from-openapi', 'api/pets.yaml'])).toMatchObject({
        name: 'pets',
        fromOpenApi: '/work/somewhere/api/pets.yaml',
      });
    } finally {
      if (previous === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = previous;
    }
  });
});
