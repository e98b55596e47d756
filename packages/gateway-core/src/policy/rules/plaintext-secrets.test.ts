import { describe, expect, it } from 'vitest';
import { secretLikeness } from './plaintext-secrets.ts';

describe('secretLikeness', () => {
  it.each([
    ['KEY', 'AKIAIOSFODNN7EXAMPLE'],
    ['CERT', '-----BEGIN PRIVATE KEY-----\nMIIE'],
    ['SESSION', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl'],
    ['GH', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['DATABASE_URL', 'postgres://app:hunter2@db.internal:5432/orders'],
    ['SIGNING', 'q8Zr3uV1xN0pL7sK2mB9tW4yH6cJ5dF0'],
    ['API_KEY', 'letmein-please'],
  ])('flags %s=%s', (name, value) => {
    expect(secretLikeness(name, value)).toBeDefined();
  });

  it.each([
    ['ORDERS_CURRENCY', 'EUR'],
    ['TABLE_ARN', 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders-dev-OrdersTable1A2B3C4D5E6F'],
    ['API_KEY_SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:frontdesk/dev/orders/api-key'],
    ['TOKEN_PARAMETER', '/frontdesk/dev/orders/token'],
    ['ISSUER', 'https://login.example.com/realms/acme'],
    ['POWERTOOLS_SERVICE_NAME', 'orders'],
    ['NODE_ENV_NAME', 'production-environment-eu-west-1'],
  ])('leaves %s=%s alone', (name, value) => {
    expect(secretLikeness(name, value)).toBeUndefined();
  });
});
