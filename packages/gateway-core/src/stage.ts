/**
 * Stages: `dev`, `prod`, and `pr-<n>` previews. The stage comes from the `STAGE` environment
 * variable (default `dev`) and names every stack and SSM parameter path.
 */
export interface Stage {
  readonly name: string;
  readonly kind: 'dev' | 'prod' | 'preview';
  /** Preview stages are torn down when the pull request closes: everything is destroyable. */
  readonly ephemeral: boolean;
  /** Where the shared stack publishes what apps read: `/frontdesk/<stage>`. */
  readonly parameterPrefix: string;
}

const PREVIEW = /^pr-([1-9][0-9]{0,6})$/;

/** Parses a stage name, throwing an error that lists the allowed forms. */
export function resolveStage(name: string | undefined = process.env.STAGE): Stage {
  const value = name === undefined || name === '' ? 'dev' : name;
  if (value === 'dev' || value === 'prod') {
    return { name: value, kind: value, ephemeral: false, parameterPrefix: `/frontdesk/${value}` };
  }
  if (PREVIEW.test(value)) return { name: value, kind: 'preview', ephemeral: true, parameterPrefix: `/frontdesk/${value}` };
  throw new Error(`STAGE="${value}" is not a stage: use "dev", "prod" or "pr-<pull request number>" (e.g. "pr-42")`);
}
