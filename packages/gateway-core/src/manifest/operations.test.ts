import { describe, expect, it } from 'vitest';
import { defineApp } from './define-app.ts';
import { OPERATIONS_DEFAULTS } from './operations.ts';

const base = {
  name: 'orders',
  owner: 'team-orders',
  basePath: 'orders',
  routes: { 'GET /': { scopes: ['orders:read'] } },
} as const;

describe('manifest operations fields', () => {
  it('gives an app that says nothing default alarms, no secrets and an all-at-once deploy', () => {
    const manifest = defineApp(base);
    expect(manifest.secrets).toEqual({});
    expect(manifest.alarms).toEqual(OPERATIONS_DEFAULTS.alarms);
    expect(manifest.deployment).toEqual(OPERATIONS_DEFAULTS.deployment);
  });

  it('accepts Secrets Manager secrets with rotation and SSM SecureStrings', () => {
    const manifest = defineApp({
      ...base,
      secrets: {
        'signing-key': { source: 'secretsmanager', rotation: { days: 30 } },
        'db-password': { source: 'ssm', parameterName: '/team-orders/db-password' },
      },
      alarms: { p99LatencyMs: 800 },
      deployment: { strategy: 'canary', percent: 20 },
    });
    expect(manifest.secrets['signing-key']).toEqual({ source: 'secretsmanager', rotation: { days: 30 } });
    expect(manifest.alarms).toEqual({ ...OPERATIONS_DEFAULTS.alarms, p99LatencyMs: 800 });
    expect(manifest.deployment).toEqual({ strategy: 'canary', percent: 20, intervalMinutes: 5 });
  });

  it.each([
    [{ secrets: { Signing_Key: { source: 'secretsmanager' } } }, 'secrets.Signing_Key', 'a secret name is'],
    [{ secrets: { key: { source: 'vault' } } }, 'secrets.key', 'a secret is'],
    [
      { secrets: { key: { source: 'secretsmanager', rotation: { days: 0 } } } },
      'secrets.key.rotation.days',
      'rotation.days must be between 1 and 1000',
    ],
    [
      { secrets: { key: { source: 'secretsmanager', rotation: { days: 1001 } } } },
      'secrets.key.rotation.days',
      'rotation.days must be between 1 and 1000',
    ],
    [{ secrets: { key: { source: 'secretsmanager', rotation: { days: 7.5 } } } }, 'secrets.key.rotation.days', 'whole number of days'],
    [{ secrets: { key: { source: 'secretsmanager', rotation: { days: '30' } } } }, 'secrets.key.rotation.days', 'whole number of days'],
    [{ secrets: { key: { source: 'secretsmanager', rotation: {} } } }, 'secrets.key.rotation.days', 'e.g. rotation: { days: 30 }'],
    [
      { secrets: { key: { source: 'secretsmanager', rotation: { everyDays: 30, handler: 'src/r.ts' } } } },
      'secrets.key.rotation.everyDays',
      'rotation.everyDays is now rotation.days',
    ],
    [
      { secrets: { key: { source: 'secretsmanager', rotation: { days: 30, handler: 'src/r.ts' } } } },
      'secrets.key.rotation.handler',
      'Frontdesk rotates generated secrets with its own function',
    ],
    [{ secrets: { key: { source: 'secretsmanager', rotation: { days: 30, hours: 4 } } } }, 'secrets.key.rotation', ''],
    [{ secrets: { key: { source: 'ssm', parameterName: 'no-slash' } } }, 'secrets.key.parameterName', 'SSM parameter path'],
    [{ alarms: { serverErrorRatePercent: 150 } }, 'alarms.serverErrorRatePercent', ''],
    [{ deployment: { strategy: 'blue-green' } }, 'deployment.strategy', '"all-at-once", "canary" or "linear"'],
  ])('rejects %j naming the field', (extra, path, message) => {
    expect(() => defineApp({ ...base, ...extra } as never)).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          expect.objectContaining({ path: expect.stringContaining(path.split('.').pop()!), message: expect.stringContaining(message) }),
        ]),
      }),
    );
  });
});
