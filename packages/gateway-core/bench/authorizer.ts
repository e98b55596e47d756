/**
 * Authorizer benchmark (not a test): bundle size, cold module init, decisions per second.
 *
 *   pnpm --filter @frontdesk/gateway-core bench:authorizer [-- --json out.json] [-- --quick]
 *
 * - Bundle: `src/authorizer/handler.ts` through esbuild with the recipe `RootGateway` deploys
 *   (`HANDLER_BUNDLE`: node22, ESM, minified, createRequire banner), exactly as the Lambda gets it. `@aws-sdk/*` is external: the nodejs22.x runtime ships AWS SDK v3, and the
 *   authorizer only loads `@aws-sdk/client-dynamodb` when a replay table is configured.
 * - Cold init: a fresh `node` process imports the bundle (config read, authorizer built); median
 *   of N. Node's own start-up is excluded, as Lambda's runtime bootstrap is.
 * - Throughput: sequential decisions (one at a time, as one Lambda instance serves them) against
 *   a bare `jose.jwtVerify` loop in the same run, rounds interleaved, medians. Two Bearer figures:
 *   first-seen tokens (a distinct token per decision, so the verified-token cache never answers;
 *   the bare loop verifies the same distinct tokens) and repeated tokens (one token, answered by
 *   the cache after its first decision; the bare loop verifies that token each time).
 *   Each decision writes its audit line as the Lambda does (`powertoolsAuditLogger`: a Powertools
 *   Logger line that is also an EMF document); only the final write to stdout is discarded, and
 *   the lines are counted so a decision that skipped its audit would fail the run.
 *   DPoP is compared with the bare loop and with a bare "two verifies" loop (token + proof).
 *
 * Prints a human summary and, last, `BENCH_JSON {...}`; `--json <file>` also writes the JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { EmbeddedJWK, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import {
  createAuthorizer,
  InMemoryReplayStore,
  loadAuthorizerConfig,
  powertoolsAuditLogger,
  type Authorizer,
} from '../src/authorizer/index.ts';
import { accessTokenHash } from '../src/authorizer/dpop-proof.ts';
import { routePolicyStageVariables } from '../src/manifest/route-policy.ts';
import { defineApp } from '../src/manifest/define-app.ts';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';

const TARGETS = { bundleBytes: 60 * 1024, initMs: 30, throughputRatio: 0.8, repeatedRatio: 5 };
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;

const ISSUER = 'https://id.example.com';
const AUDIENCE = 'orders-api';
const PUBLIC_URL = 'https://api.example.com';
const env = {
  FRONTDESK_ISSUER: ISSUER,
  FRONTDESK_AUDIENCE: AUDIENCE,
  FRONTDESK_JWKS_URI: `${ISSUER}/jwks`,
  FRONTDESK_PUBLIC_URL: PUBLIC_URL,
  FRONTDESK_REPLAY_TABLE: 'frontdesk-bench-dpop-replay',
  FRONTDESK_STAGE: 'bench',
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function bundle() {
  const outDir = join(packageDir, 'node_modules', '.cache', 'frontdesk-bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'authorizer.mjs');
  // The recipe RootGateway's NodejsFunction uses (target, minify, banner, externals, mainFields).
  const { bundleHandler } = await import('../src/cdk/bundle-handler.ts');
  const result = await bundleHandler({ entry: join(packageDir, 'src/authorizer/handler.ts'), outfile, logLevel: 'error' });
  const output = Object.values(result.metafile.outputs)[0];
  const contents = (await import('node:fs')).readFileSync(outfile);
  const largest: Record<string, number> = {};
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const name = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? 'frontdesk';
    largest[name] = (largest[name] ?? 0) + input.bytesInOutput;
  }
  return {
    outfile,
    bytes: contents.length,
    gzipBytes: gzipSync(contents).length,
    byPackage: Object.fromEntries(Object.entries(largest).sort((a, b) => b[1] - a[1])),
  };
}

function coldInit(outfile: string, runs: number) {
  const empty = join(dirname(outfile), 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const measure = (extra: string, file = outfile) => {
    const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); ${extra}
const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));`;
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const child = spawnSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], {
        cwd: dirname(outfile),
        env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1', ...env },
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`cold init run failed: ${child.stderr}`);
      const sample = JSON.parse(child.stdout) as { wall: number; cpu: number };
      wall.push(sample.wall);
      cpu.push(sample.cpu);
    }
    return { wall, cpu };
  };
  const plain = measure('');
  // Importing any ES module costs something (loader start-up); Lambda pays it for every handler.
  const baseline = measure('', empty);
  // What the first DPoP request adds: the DynamoDB client the replay store loads lazily.
  const withSdk = measure(`await import('@aws-sdk/client-dynamodb');`);
  return {
    medianMs: round(median(plain.wall)),
    medianCpuMs: round(median(plain.cpu)),
    samplesMs: plain.wall.map((s) => round(s)),
    emptyModuleMedianMs: round(median(baseline.wall)),
    emptyModuleMedianCpuMs: round(median(baseline.cpu)),
    withDynamoDbSdkMedianMs: round(median(withSdk.wall)),
    withDynamoDbSdkMedianCpuMs: round(median(withSdk.cpu)),
  };
}

interface PairResult {
  /** Operations per wall-clock second. */
  readonly a: number;
  readonly b: number;
  /** Operations per CPU second (process user+system, including the threads WebCrypto runs on). */
  readonly aCpu: number;
  readonly bCpu: number;
}

/**
 * Runs `a` and `b` sequentially in alternating small batches, so both see the same machine load
 * (the shared CI/dev box is rarely idle), and reports each one's rate by wall clock and by CPU time.
 */
async function pair(
  batches: number,
  batchSize: number,
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
): Promise<PairResult> {
  const totals = { aWall: 0, bWall: 0, aCpu: 0, bCpu: 0 };
  let i = 0;
  const run = async (body: (i: number) => Promise<unknown>) => {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    for (let n = 0; n < batchSize; n += 1) await body(i++);
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  };
  for (let batch = 0; batch < batches; batch += 1) {
    const first = await run(a);
    const second = await run(b);
    totals.aWall += first.wall;
    totals.aCpu += first.cpu;
    totals.bWall += second.wall;
    totals.bCpu += second.cpu;
  }
  const ops = batches * batchSize * 1000;
  return { a: ops / totals.aWall, b: ops / totals.bWall, aCpu: ops / totals.aCpu, bCpu: ops / totals.bCpu };
}

async function throughput(batches: number, batchSize: number) {
  const app = defineApp({
    name: 'orders',
    owner: 'team-orders',
    basePath: 'orders',
    routes: { 'GET /items/{id}': { scopes: ['orders:read'] } },
  });
  const stageVariables = routePolicyStageVariables(app);
  const event = (headers: Record<string, string>) =>
    ({
      version: '2.0',
      type: 'REQUEST',
      routeArn: 'arn',
      identitySource: [],
      routeKey: 'GET /items/{id}',
      rawPath: '/items/1',
      rawQueryString: '',
      cookies: [],
      headers,
      stageVariables,
      requestContext: { domainName: 'api.example.com', http: { method: 'GET', path: '/items/1' }, requestId: 'bench' },
    }) as unknown as APIGatewayRequestAuthorizerEventV2;

  const results: Record<string, unknown> = {};
  for (const alg of ['ES256', 'RS256'] as const) {
    const issuerKey = await generateKeyPair(alg);
    const jwk: JWK = { ...(await exportJWK(issuerKey.publicKey)), kid: 'k1', alg, use: 'sig' };
    const config = loadAuthorizerConfig(env);
    const authorize: Authorizer = createAuthorizer(config, {
      // The handler's audit logger; each line is formatted and serialised, then discarded (see below).
      logger: powertoolsAuditLogger(),
      replayStore: new InMemoryReplayStore({ maxEntries: 1_000_000 }),
      fetch: async () => Response.json({ keys: [jwk] }),
    });
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'alice',
      scope: 'orders:read',
      client_id: 'cli',
      jti: 't1',
      iat: now,
      exp: now + 3600,
    };
    const bearer = await new SignJWT(claims).setProtectedHeader({ alg, kid: 'k1', typ: 'at+jwt' }).sign(issuerKey.privateKey);
    const verifyOptions = { algorithms: [alg], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['exp', 'sub'] };
    const bare = () => jwtVerify(bearer, issuerKey.publicKey, verifyOptions);
    const bearerEvent = event({ authorization: `Bearer ${bearer}` });
    // First-seen: a distinct token per decision (distinct jti), minted before timing.
    const firstSeen = await Promise.all(
      Array.from({ length: 2 * batches * batchSize }, (_, n) =>
        new SignJWT({ ...claims, jti: `f${n}` }).setProtectedHeader({ alg, kid: 'k1', typ: 'at+jwt' }).sign(issuerKey.privateKey),
      ),
    );
    const firstSeenEvents = firstSeen.map((token) => event({ authorization: `Bearer ${token}` }));
    const bareFirstSeen = (i: number) => jwtVerify(firstSeen[i % firstSeen.length] as string, issuerKey.publicKey, verifyOptions);

    // DPoP: a fresh proof per decision (a reused one is a replay), minted before timing.
    const client = await generateKeyPair('ES256');
    const clientJwk = await exportJWK(client.publicKey);
    const { calculateJwkThumbprint } = await import('jose');
    const bound = await new SignJWT({ ...claims, cnf: { jkt: await calculateJwkThumbprint(clientJwk) } })
      .setProtectedHeader({ alg, kid: 'k1', typ: 'at+jwt' })
      .sign(issuerKey.privateKey);
    const ath = accessTokenHash(bound);
    const mint = (signer: CryptoKey, n: number) =>
      Promise.all(
        Array.from({ length: n }, () =>
          new SignJWT({
            jti: crypto.randomUUID(),
            htm: 'GET',
            htu: `${PUBLIC_URL}/orders/items/1`,
            iat: Math.floor(Date.now() / 1000),
            ath,
          })
            .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: clientJwk })
            .sign(signer),
        ),
      );
    const proofs = await mint(client.privateKey, (batches + 1) * batchSize);
    const dpopEvents = proofs.map((proof) => event({ authorization: `DPoP ${bound}`, dpop: proof }));
    const bareDpop = async (i: number) => {
      await jwtVerify(bound, issuerKey.publicKey, verifyOptions);
      await jwtVerify(proofs[i % proofs.length] as string, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] });
    };

    // Sanity: the decisions being timed are allows, not cheap denials.
    if (!(await authorize(bearerEvent)).isAuthorized) throw new Error(`${alg} bearer benchmark request is denied`);
    if (!(await authorize(dpopEvents[0] as APIGatewayRequestAuthorizerEventV2)).isAuthorized)
      throw new Error(`${alg} DPoP benchmark request is denied`);

    // Warm-up (JIT, key import caches), then interleaved batches; audit lines are counted, not printed.
    let auditLines = 0;
    const stdoutWrite = process.stdout.write;
    process.stdout.write = (() => {
      auditLines += 1;
      return true;
    }) as typeof process.stdout.write;
    let linesBefore: number;
    let bearerRun: Awaited<ReturnType<typeof pair>>;
    let repeatedRun: Awaited<ReturnType<typeof pair>>;
    let dpopRun: Awaited<ReturnType<typeof pair>>;
    try {
      await pair(2, 100, bare, () => authorize(bearerEvent));
      linesBefore = auditLines;
      let next = 1;
      // pair() numbers every call of either side, so each first-seen token is verified or decided once.
      bearerRun = await pair(batches, batchSize, bareFirstSeen, async (i) => {
        if (!(await authorize(firstSeenEvents[i % firstSeenEvents.length] as APIGatewayRequestAuthorizerEventV2)).isAuthorized)
          throw new Error('denied during benchmark');
      });
      repeatedRun = await pair(batches, batchSize, bare, async () => {
        if (!(await authorize(bearerEvent)).isAuthorized) throw new Error('denied during benchmark');
      });
      dpopRun = await pair(batches, batchSize, bareDpop, async () => {
        if (!(await authorize(dpopEvents[next++ % dpopEvents.length] as APIGatewayRequestAuthorizerEventV2)).isAuthorized)
          throw new Error('denied during benchmark');
      });
    } finally {
      process.stdout.write = stdoutWrite;
    }
    if (auditLines - linesBefore !== 3 * batches * batchSize)
      throw new Error(`${alg}: ${auditLines - linesBefore} audit lines for ${3 * batches * batchSize} decisions`);
    results[alg] = {
      bareJwtVerifyPerSec: Math.round(bearerRun.a),
      bearerDecisionsPerSec: Math.round(bearerRun.b),
      bearerRatio: round(bearerRun.b / bearerRun.a, 3),
      bearerRatioCpu: round(bearerRun.bCpu / bearerRun.aCpu, 3),
      repeatedBareJwtVerifyPerSec: Math.round(repeatedRun.a),
      repeatedDecisionsPerSec: Math.round(repeatedRun.b),
      repeatedRatio: round(repeatedRun.b / repeatedRun.a, 3),
      repeatedRatioCpu: round(repeatedRun.bCpu / repeatedRun.aCpu, 3),
      bareDpopVerifiesPerSec: Math.round(dpopRun.a),
      dpopDecisionsPerSec: Math.round(dpopRun.b),
      dpopRatioToBareDpop: round(dpopRun.b / dpopRun.a, 3),
      dpopRatioToBareDpopCpu: round(dpopRun.bCpu / dpopRun.aCpu, 3),
      dpopRatioToBareJwtVerify: round(dpopRun.b / bearerRun.a, 3),
    };
  }
  return results;
}

const bundled = await bundle();
const init = coldInit(bundled.outfile, quick ? 5 : 15);
const rates = await throughput(quick ? 50 : 200, 10);
const es = rates.ES256 as Record<string, number>;
const rs = rates.RS256 as Record<string, number>;
const report = {
  node: process.version,
  loadAverage: loadavg().map((l) => round(l, 1)),
  cpus: cpus().length,
  bundle: {
    bytes: bundled.bytes,
    kib: round(bundled.bytes / 1024, 1),
    gzipBytes: bundled.gzipBytes,
    awsSdk: 'external (nodejs22.x runtime)',
    byPackage: bundled.byPackage,
  },
  coldInit: init,
  throughput: rates,
  targets: {
    bundle: { limitBytes: TARGETS.bundleBytes, met: bundled.bytes <= TARGETS.bundleBytes },
    init: { limitMs: TARGETS.initMs, met: init.medianMs <= TARGETS.initMs },
    throughput: {
      minRatio: TARGETS.throughputRatio,
      met: [es.bearerRatio, rs.bearerRatio, es.dpopRatioToBareDpop, rs.dpopRatioToBareDpop].every(
        (r) => (r as number) >= TARGETS.throughputRatio,
      ),
    },
    repeated: {
      minRatio: TARGETS.repeatedRatio,
      met: [es.repeatedRatio, rs.repeatedRatio].every((r) => (r as number) >= TARGETS.repeatedRatio),
    },
  },
};

const mark = (met: boolean) => (met ? 'ok  ' : 'MISS');
console.log(`authorizer benchmark (node ${process.version}, ${cpus().length} CPUs, load average ${report.loadAverage.join(' ')})`);
console.log(
  `${mark(report.targets.bundle.met)} bundle      ${report.bundle.kib} KiB minified (${(bundled.gzipBytes / 1024).toFixed(1)} KiB gzip), @aws-sdk external; target <= 60 KiB`,
);
console.log(
  `${mark(report.targets.init.met)} cold init   ${init.medianMs} ms wall / ${init.medianCpuMs} ms CPU, median of ${init.samplesMs.length} (an empty module: ${init.emptyModuleMedianMs} ms / ${init.emptyModuleMedianCpuMs} ms CPU); with the DynamoDB SDK a first DPoP request loads: ${init.withDynamoDbSdkMedianMs} ms wall / ${init.withDynamoDbSdkMedianCpuMs} ms CPU; target <= 30 ms`,
);
for (const [alg, r] of Object.entries(rates) as [string, Record<string, number>][]) {
  console.log(
    `     ${alg} bare jwtVerify ${r.bareJwtVerifyPerSec}/s | Bearer, first-seen tokens ${r.bearerDecisionsPerSec}/s x${r.bearerRatio} (CPU x${r.bearerRatioCpu})`,
  );
  console.log(
    `     ${alg} bare jwtVerify ${r.repeatedBareJwtVerifyPerSec}/s | Bearer, repeated token ${r.repeatedDecisionsPerSec}/s x${r.repeatedRatio} (CPU x${r.repeatedRatioCpu})`,
  );
  console.log(
    `     ${alg} bare token+proof verifies ${r.bareDpopVerifiesPerSec}/s | DPoP ${r.dpopDecisionsPerSec}/s x${r.dpopRatioToBareDpop} (CPU x${r.dpopRatioToBareDpopCpu}); x${r.dpopRatioToBareJwtVerify} of one bare verify`,
  );
}
console.log(
  `${mark(report.targets.throughput.met)} throughput  target >= x${TARGETS.throughputRatio} of the bare loop (first-seen Bearer, DPoP)`,
);
console.log(
  `${mark(report.targets.repeated.met)} repeated    target >= x${TARGETS.repeatedRatio} of the bare loop (repeated Bearer token, verified-token cache)`,
);
if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
console.log(`BENCH_JSON ${JSON.stringify(report)}`);
