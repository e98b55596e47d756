import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { DecisionMetrics } from './audit.ts';

/**
 * Counts decisions as CloudWatch EMF metrics (namespace `Frontdesk`, dimensions `app` and
 * `stage`): `Allowed` or `Denied`, and for a denial also `Denied_<code>`, so an alarm can watch
 * one reason (e.g. `Denied_jwks_unavailable`). The caller flushes with `publishStoredMetrics()`
 * after each invocation, which also clears these dimensions.
 */
export function powertoolsDecisionMetrics(metrics: Metrics, stage: string | undefined): DecisionMetrics {
  return {
    record(decision) {
      metrics.addDimensions({ app: decision.app ?? 'unknown', stage: stage ?? 'unknown' });
      if (decision.decision === 'allow') {
        metrics.addMetric('Allowed', MetricUnit.Count, 1);
      } else {
        metrics.addMetric('Denied', MetricUnit.Count, 1);
        metrics.addMetric(`Denied_${decision.code ?? 'internal_error'}`, MetricUnit.Count, 1);
      }
    },
  };
}
