import { defineApp } from '@frontdesk/gateway-core';

export default defineApp({
  name: 'users',
  owner: 'team-identity',
  description: 'Who the caller is.',
  basePath: 'users',
  routes: {
    'GET /me': { scopes: [], description: 'The caller’s identity as the authorizer saw it.' },
    'GET /health': { auth: 'public', reason: 'Uptime probes call it without credentials; it reveals nothing but liveness.' },
  },
});
