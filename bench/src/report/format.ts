import type { Figure } from '../results.ts';

/** A figure's value in its unit, with precision that suits its size: `8,712 req/s`, `3.4 ms`, `1.25 s`. */
export function formatValue(value: number, unit: string): string {
  if (unit === 'ms' && value >= 1_000) return `${formatNumber(value / 1_000)} s`;
  return `${formatNumber(value)} ${unit}`;
}

function formatNumber(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A ratio as a multiplier, precise enough to judge against a bound like 0.8: `0.797×`, `1.05×`, `21.4×`. */
export function formatRatio(ratio: number): string {
  const digits = Math.abs(ratio) < 1 ? 3 : Math.abs(ratio) < 10 ? 2 : 1;
  return `${ratio.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}×`;
}

/** `met`, `missed`, or an em dash when there is no target. */
export function formatVerdict(figure: Figure): string {
  if (!figure.target) return '—';
  if (figure.met === undefined) return 'not measured';
  return figure.met ? '✅ met' : '❌ missed';
}

/** Target text with the judged quantity: `≥ 0.5× bare Node (0.62×)`. */
export function formatTarget(figure: Figure): string {
  if (!figure.target) return '';
  const judged =
    figure.target.on === 'ratio'
      ? figure.ratio === undefined
        ? undefined
        : formatRatio(figure.ratio)
      : formatValue(figure.value, figure.unit);
  return judged ? `${figure.target.text} (${judged})` : figure.target.text;
}

/** A duration in the coarse form progress lines use: `42 s`, `3 min 05 s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1_000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}
