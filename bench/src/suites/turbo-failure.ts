/**
 * A failed `turbo run` as one readable error: which run, which tasks failed (turbo's own `Failed:`
 * summary line), then the output's tail. The report keeps only a suite's first few hundred
 * characters, which otherwise held the middle of some test's log and never the task's name.
 */
export function turboFailure(label: string, error: Error): Error {
  const output = error.message;
  const failed = [...output.matchAll(/^\s*Failed:\s+(.+)$/gm)].flatMap((match) => match[1]!.split(/,\s*/).map((task) => task.trim()));
  const tasks = [...new Set(failed.filter(Boolean))];
  const what = tasks.length > 0 ? `task(s) ${tasks.join(', ')} failed` : 'turbo failed (no task named in its output)';
  return new Error(`${label}: ${what}\n${output}`, { cause: error });
}
