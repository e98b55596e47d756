import { Logger } from '@aws-lambda-powertools/logger';
import type { AuditLogger } from './audit.ts';
import { AUTHORIZER_SERVICE } from '../runtime/metric-names.ts';
import { withDecisionMetrics } from './decision-metrics-emf.ts';

/**
 * The deployed authorizer's audit logger: a Powertools `Logger` (JSON lines with `level`,
 * `message`, `timestamp`, `service`, `sampling_rate`, `xray_trace_id`, then the decision record),
 * each line also an EMF document counting the decision ({@link withDecisionMetrics}). Allows are
 * written at `INFO`, denials at `WARN`, internal errors at `ERROR`.
 */
export function powertoolsAuditLogger(): AuditLogger {
  return withDecisionMetrics(new Logger({ serviceName: AUTHORIZER_SERVICE }));
}
