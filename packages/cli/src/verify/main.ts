/**
 * `pnpm verify <url> [--format text|json|markdown] [--dpop off|optional|required]
 *   [--public <path>] [--protected <path>] [--shape <path>]`
 *
 * Checks a running Frontdesk — a deployed stage or `pnpm dev` — from outside against the local
 * contract. Exits 0 when every check passed, 1 when one failed, 2 for a usage error.
 */
import { parseArgs } from 'node:util';
import { findWorkspaceRoot } from '@frontdesk/gateway-core/contract';
import { formatMarkdown, formatText } from './report.ts';
import { DPOP_MODES, type DpopMode } from './report-types.ts';
import { verify } from './verify.ts';
import { VerifyError } from './verify-error.ts';

const USAGE = `usage: pnpm verify <url> [--format text|json|markdown] [--dpop off|optional|required]
                   [--public <path>] [--protected <path>] [--shape <path>]

  <url>          the stage's front door (its custom domain) or pnpm dev's, e.g. http://127.0.0.1:3000
  --format       text (default), json, or markdown (the preview pull request comment)
  --dpop         the stage's FRONTDESK_DPOP (default: $FRONTDESK_DPOP, else optional)
  --public       a public GET route (default: the first one without parameters)
  --protected    a GET route that requires a scope (default: the first one without parameters)
  --shape        a protected route answering describeRequest(event) (default: /users/me/request)

Tokens: client_credentials from FRONTDESK_VERIFY_CLIENT_ID / FRONTDESK_VERIFY_CLIENT_SECRET at
FRONTDESK_VERIFY_TOKEN_URL, else at FRONTDESK_ISSUER's token_endpoint, else at <url>'s dev identity
provider (pnpm dev). FRONTDESK_VERIFY_AUDIENCE is sent as "audience" when set.`;

async function main(argv: string[]): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'text' },
        dpop: { type: 'string' },
        public: { type: 'string' },
        protected: { type: 'string' },
        shape: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`pnpm verify: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const usage = (message: string) => {
    process.stderr.write(`pnpm verify: ${message}\n${USAGE}\n`);
    return 2;
  };
  if (positionals.length !== 1) return usage(`give exactly one URL (got ${positionals.length})`);
  if (!['text', 'json', 'markdown'].includes(values.format)) return usage(`--format "${values.format}": use text, json or markdown`);
  const dpop = (values.dpop ?? process.env.FRONTDESK_DPOP?.trim() ?? 'optional') || 'optional';
  if (!(DPOP_MODES as readonly string[]).includes(dpop))
    return usage(`${values.dpop !== undefined ? '--dpop' : 'FRONTDESK_DPOP'} "${dpop}": use off, optional or required`);
  try {
    const report = await verify({
      target: positionals[0]!,
      root: findWorkspaceRoot(process.cwd()),
      env: process.env,
      dpop: dpop as DpopMode,
      ...(values.public !== undefined ? { publicPath: values.public } : {}),
      ...(values.protected !== undefined ? { protectedPath: values.protected } : {}),
      ...(values.shape !== undefined ? { shapePath: values.shape } : {}),
    });
    process.stdout.write(
      values.format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : values.format === 'markdown'
          ? formatMarkdown(report)
          : formatText(report),
    );
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof VerifyError) return usage(error.message);
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
// The in-process reference leaves worker threads and esbuild behind only until closed; do not wait on stray handles.
process.exit();
