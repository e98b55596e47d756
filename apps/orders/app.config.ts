import { defineApp } from '@frontdesk/gateway-core';

export default defineApp({
  name: 'orders',
  owner: 'team-orders',
  description: 'Places and reads orders.',
  basePath: 'orders',
  routes: {
    'GET /': { scopes: ['orders:read'], description: 'List the caller’s orders.' },
    'GET /{orderId}': { scopes: ['orders:read'], description: 'Read one order.' },
    'POST /': { scopes: ['orders:write'], description: 'Place an order.' },
    'GET /files/{proxy+}': { scopes: ['orders:read'], description: 'Download an order document by path.' },
  },
  function: { memoryMb: 256, timeoutSeconds: 10 },
  environment: { ORDERS_CURRENCY: 'EUR' },
  tables: {
    orders: { partitionKey: 'owner', sortKey: 'id', access: 'readWrite', description: 'Placed orders, one partition per customer.' },
  },
  secrets: {
    'files-signing-key': {
      source: 'secretsmanager',
      description: 'HMAC key that signs short-lived document download links.',
      // A new key every 30 days; links signed with the previous key stay valid (download-link.ts).
      rotation: { days: 30 },
    },
  },
  alarms: { p99LatencyMs: 1000 },
  deployment: { strategy: 'canary', percent: 10, intervalMinutes: 2 },
});
