import { FrontdeskError } from '../contract/errors.ts';

/** One problem in a manifest: where (`path`, e.g. `routes["GET /x"].scopes[0]`) and what. */
export interface ManifestProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * A manifest failed validation. `app` names the app (or the file when the name itself is bad);
 * `problems` lists every problem found, not only the first.
 */
export class ManifestError extends FrontdeskError<'ERR_FRONTDESK_MANIFEST'> {
  override readonly name = 'ManifestError';
  constructor(
    readonly app: string,
    readonly problems: readonly ManifestProblem[],
  ) {
    super(
      'ERR_FRONTDESK_MANIFEST',
      `Invalid app manifest for ${app}:\n` +
        problems.map((problem) => `  - ${problem.path ? `${problem.path}: ` : ''}${problem.message}`).join('\n'),
    );
  }
}

/** Renders a zod issue path the way a reader of `app.config.ts` would write it. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}
