import { defineStack } from '@frontdesk/gateway-core/cdk';

/**
 * The app's stack beyond its manifest: add constructs to `scope` and grant them to the function
 * with the least-privilege policy blocks. `cdk deploy` and `pnpm lint:policy` both run this file.
 * Tables belong in app.config.ts (`tables`); use this for what the manifest does not cover, e.g.
 *
 *   export default defineStack(({ scope, function: fn, grants }) => {
 *     const jobs = new Queue(scope, 'Jobs', { enforceSSL: true, deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
 *     fn.addToRolePolicy(grants.sendMessages(jobs));
 *   });
 */
export default defineStack(() => {});
