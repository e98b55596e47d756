import { describe, expect, it } from 'vitest';
import { parseManifest } from '@frontdesk/gateway-core';
import { checkDocument } from '../create-app/openapi/read-document.ts';
import { routesFromOpenApi } from '../create-app/openapi/routes.ts';
import { openApiDocument } from './openapi.ts';

const manifest = parseManifest(
  {
    name: 'files',
    owner: 'team-files',
    basePath: 'files',
    routes: {
      'GET /{id}': { scopes: ['files:read'], description: 'Read one file.' },
      'ANY /{proxy+}': { scopes: ['files:admin', 'files:write'] },
      'GET /{proxy+}': { scopes: ['files:read'] },
      'GET /health': { auth: 'public', reason: 'Uptime probes carry no credentials.' },
      $default: { scopes: ['files:admin'] },
    },
  },
  'apps/files/app.config.ts',
);

describe('the OpenAPI 3.1 description pnpm routes writes', () => {
  const document = openApiDocument(manifest, '1.2.3') as Record<string, any>;

  it('expands ANY to every method a specific route does not take, declares path parameters, and keeps $default aside', () => {
    expect(Object.keys(document.paths['/{proxy+}']).sort()).toEqual([
      'delete',
      'get',
      'head',
      'options',
      'parameters',
      'patch',
      'post',
      'put',
    ]);
    expect(document.paths['/{proxy+}'].get.security).toEqual([{ frontdesk: ['files:read'] }]);
    expect(document.paths['/{proxy+}'].put.security).toEqual([{ frontdesk: ['files:admin', 'files:write'] }]);
    expect(document.paths['/{proxy+}'].parameters).toEqual([
      { name: 'proxy+', in: 'path', required: true, schema: { type: 'string' }, description: 'Greedy: the rest of the path' },
    ]);
    expect(document['x-frontdesk-default-route'].security).toEqual([{ frontdesk: ['files:admin'] }]);
    expect(document.info).toEqual({ title: 'files', version: '1.2.3', 'x-frontdesk-owner': 'team-files' });
  });

  it('reads back through create-app --from-openapi to the same routes and scopes', () => {
    const { routes } = routesFromOpenApi(checkDocument(JSON.parse(JSON.stringify(document)), 'files.json'), 'files');
    const scopesOf = Object.fromEntries(routes.map(({ key, route }) => [key, 'scopes' in route ? route.scopes : 'public']));
    expect(scopesOf['GET /{id}']).toEqual(['files:read']);
    expect(scopesOf['GET /{proxy+}']).toEqual(['files:read']);
    expect(scopesOf['PATCH /{proxy+}']).toEqual(['files:admin', 'files:write']);
    expect(scopesOf['GET /health']).toBe('public');
  });
});
