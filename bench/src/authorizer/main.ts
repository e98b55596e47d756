/**
 * The authorizer benchmark, run by `pnpm bench --suite authorizer` in its own process:
 *
 *   tsx bench/src/authorizer/main.ts [--json out.json] [--quick]
 *
 * - Bundle: `packages/gateway-core/src/authorizer/handler.ts` as `RootGateway` deploys it ({@link bundleAuthorizer}).
 * - Cold init: fresh `node` processes importing the bundle beside an empty handler module ({@link coldInit}).
 * - Decisions/s: sequential decisions (one at a time, as one Lambda instance serves them) against
 *   bare `jose` loops in the same process, rounds interleaved ({@link decisionRates}).
 *
 * Prints a human summary and, last, `BENCH_JSON {...}`; `--json <file>` also writes the JSON
 * (read by `../suites/authorizer-json.ts`).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../paths.ts';
import { median } from '../stats.ts';
import { bundleAuthorizer } from './bundle-size.ts';
import { coldInit } from './cold-init.ts';
import { AUTHORIZER_ENV, decisionRates } from './decisions.ts';

const { values } = parseArgs({ options: { json: { type: 'string' }, quick: { type: 'boolean', default: false } } });
const quick = values.quick === true;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

// Inside gateway-core's node_modules, so the bundle resolves `@aws-sdk/*` as the Lambda runtime provides it.
const bundle = await bundleAuthorizer(join(repoRoot, 'packages/gateway-core/node_modules/.cache/frontdesk-bench'));
const init = coldInit(bundle.outfile, AUTHORIZER_ENV, quick ? 5 : 15);
const throughput = {
  ES256: await decisionRates('ES256', quick ? 50 : 200, 10),
  RS256: await decisionRates('RS256', quick ? 50 : 200, 10),
};
const report = {
  node: process.version,
  loadAverage: loadavg().map((l) => round(l, 1)),
  cpus: cpus().length,
  bundle: { bytes: bundle.bytes, gzipBytes: bundle.gzipBytes, awsSdk: 'external (nodejs22.x runtime)', byPackage: bundle.byPackage },
  coldInit: {
    medianMs: round(median(init.samplesMs)),
    emptyModuleMedianMs: round(median(init.emptySamplesMs)),
    importMedianMs: round(median(init.importSamplesMs)),
    emptyModuleImportMedianMs: round(median(init.emptyImportSamplesMs)),
    withDynamoDbSdkImportMedianMs: round(median(init.withDynamoDbSdkImportSamplesMs)),
    ...init,
  },
  throughput,
};

const c = report.coldInit;
console.log(`authorizer benchmark (node ${process.version}, ${report.cpus} CPUs, load average ${report.loadAverage.join(' ')})`);
console.log(
  `bundle     ${(bundle.bytes / 1024).toFixed(1)} KB minified (${(bundle.gzipBytes / 1024).toFixed(1)} KB gzip), @aws-sdk external`,
);
console.log(
  `           by package: ${Object.entries(bundle.byPackage)
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KB`)
    .join(', ')}`,
);
console.log(
  `cold init  ${c.medianMs} ms from process start (empty handler ${c.emptyModuleMedianMs} ms, x${round(c.medianMs / c.emptyModuleMedianMs)}); import alone ${c.importMedianMs} ms (empty ${c.emptyModuleImportMedianMs} ms); with the DynamoDB SDK a first DPoP request loads: ${c.withDynamoDbSdkImportMedianMs} ms`,
);
for (const [alg, r] of Object.entries(throughput)) {
  console.log(
    `${alg}      first-seen Bearer ${r.bearerDecisionsPerSec}/s vs bare jwtVerify ${r.bareJwtVerifyPerSec}/s: x${r.bearerRatio} (CPU x${r.bearerRatioCpu})`,
  );
  console.log(
    `           repeated Bearer ${r.repeatedDecisionsPerSec}/s vs bare jwtVerify ${r.repeatedBareJwtVerifyPerSec}/s: x${r.repeatedRatio} (CPU x${r.repeatedRatioCpu})`,
  );
  console.log(
    `           DPoP ${r.dpopDecisionsPerSec}/s vs bare token+proof verifies ${r.bareDpopVerifiesPerSec}/s: x${r.dpopRatioToBareDpop} (CPU x${r.dpopRatioToBareDpopCpu})`,
  );
}
if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
console.log(`BENCH_JSON ${JSON.stringify(report)}`);
