import { defineApp } from '@frontdesk/gateway-core';

export default defineApp({
  name: 'users',
  owner: 'team-identity',
  description: 'Who the caller is.',
  basePath: 'users',
  routes: {
    'GET /me': { scopes: [], description: 'The caller’s identity as the authorizer saw it.' },
    'GET /me/request': {
      scopes: ['users:inspect'],
      description: 'The request as this app received it, credentials redacted: what `pnpm verify` compares with `pnpm dev`.',
    },
    'GET /health': { auth: 'public', reason: 'Uptime probes call it without credentials; it reveals nothing but liveness.' },
  },
});
