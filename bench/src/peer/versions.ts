/**
 * The peer we measure ourselves against: Serverless Framework v3 with serverless-offline.
 * serverless-offline 14 requires Serverless v4 (which needs a login); 13.9 is the last line for v3
 * and declares Node ≥ 18.12, so it runs on the Node 20 the template supports.
 */
export const PEER_PACKAGES = {
  serverless: '3.40.0',
  'serverless-offline': '13.9.0',
} as const;

/** Environment that keeps Serverless v3 offline: no telemetry, no update or dashboard notices. */
export const PEER_QUIET_ENV = {
  SLS_TELEMETRY_DISABLED: '1',
  SLS_TRACKING_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  SLS_DEPRECATION_DISABLE: '*',
  SLS_INTERACTIVE_SETUP_DISABLE: '1',
  SERVERLESS_PLATFORM_STAGE: '',
} as const;
