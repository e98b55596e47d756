import type { BenchReport, Figure, MetricKind } from '../results.ts';
import { formatValue } from './format.ts';

/** The panels the chart draws per suite, left to right, and what each is called. */
const PANELS: readonly { readonly kind: MetricKind; readonly title: string }[] = [
  { kind: 'throughput', title: 'throughput (higher is better)' },
  { kind: 'p99', title: 'p99 latency (lower is better)' },
  { kind: 'time', title: 'time (lower is better)' },
];

const WIDTH = 980;
const MARGIN = 16;
const LABEL_WIDTH = 150;
const BAR_HEIGHT = 13;
const ROW_GAP = 8;
const COLOURS = { met: '#2e7d32', missed: '#c62828', plain: '#1565c0', baseline: '#9e9e9e', target: '#6a1b9a' } as const;

/**
 * Draws throughput and p99 (and times, for suites that measure durations) per suite as
 * horizontal bars, each figure beside its same-run baseline; the figure's bar is green when it
 * meets its target, red when it misses, blue without one; a dashed line marks an absolute target.
 * Pure: the SVG depends on the report alone.
 */
export function renderChart(report: BenchReport): string {
  const parts: string[] = [];
  let y = MARGIN;
  parts.push(
    text(
      MARGIN,
      y + 14,
      `Frontdesk benchmarks — ${report.date.slice(0, 10)}, ${report.machine.cores} cores, Node ${report.machine.node} (${report.mode} run)`,
      16,
      'bold',
    ),
  );
  y += 30;
  parts.push(legend(MARGIN, y));
  y += 26;

  for (const suite of report.suites) {
    const panels = PANELS.map((panel) => ({ ...panel, figures: suite.figures.filter((f) => f.kind === panel.kind) })).filter(
      (p) => p.figures.length > 0,
    );
    if (panels.length === 0) continue;
    parts.push(text(MARGIN, y + 14, suiteTitle(suite.suite), 14, 'bold'));
    y += 24;
    const panelWidth = (WIDTH - 2 * MARGIN - (panels.length - 1) * MARGIN) / panels.length;
    let tallest = 0;
    panels.forEach((panel, index) => {
      const x = MARGIN + index * (panelWidth + MARGIN);
      const drawn = drawPanel(x, y, panelWidth, panel.title, panel.figures);
      parts.push(drawn.svg);
      tallest = Math.max(tallest, drawn.height);
    });
    y += tallest + 18;
  }
  if (report.suites.every((suite) => suite.figures.length === 0)) {
    parts.push(text(MARGIN, y + 14, 'No suite produced figures in this run.', 13));
    y += 24;
  }
  const height = y + MARGIN;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function suiteTitle(name: string): string {
  return (
    {
      gateway: 'gateway — local gateway vs bare Node',
      peer: 'peer — local gateway vs serverless-offline',
      pool: 'pool — one request per worker',
      authorizer: 'authorizer',
      pipeline: 'pipeline',
      'dev-loop': 'dev loop',
    }[name] ?? name
  );
}

function drawPanel(x: number, y: number, width: number, title: string, figures: readonly Figure[]): { svg: string; height: number } {
  const parts = [text(x, y + 11, title, 12, 'normal', '#424242')];
  // A panel alone on its row has room for whole labels.
  const wide = width > WIDTH / 2;
  const labelWidth = wide ? 2 * LABEL_WIDTH : LABEL_WIDTH;
  const barsX = x + labelWidth;
  const barsWidth = width - labelWidth - 70;
  const bounds = figures.flatMap((f) => (f.target?.on === 'value' ? [f.target.bound] : []));
  const max = Math.max(...figures.flatMap((f) => [f.value, f.baseline?.value ?? 0]), ...bounds, Number.MIN_VALUE);
  const scale = (value: number) => Math.max(1, (value / max) * barsWidth);
  let rowY = y + 20;
  for (const f of figures) {
    const colour = f.met === undefined ? COLOURS.plain : f.met ? COLOURS.met : COLOURS.missed;
    parts.push(text(x, rowY + BAR_HEIGHT - 2, shortLabel(f, wide ? 48 : 26), 11, 'normal', '#212121'));
    parts.push(bar(barsX, rowY, scale(f.value), colour, `${f.label}: ${formatValue(f.value, f.unit)}`));
    parts.push(text(barsX + scale(f.value) + 4, rowY + BAR_HEIGHT - 2, formatValue(f.value, f.unit), 10, 'normal', '#212121'));
    let rowHeight = BAR_HEIGHT;
    if (f.baseline) {
      const by = rowY + BAR_HEIGHT + 2;
      parts.push(
        bar(barsX, by, scale(f.baseline.value), COLOURS.baseline, `${f.baseline.label}: ${formatValue(f.baseline.value, f.unit)}`),
      );
      parts.push(
        text(barsX + scale(f.baseline.value) + 4, by + BAR_HEIGHT - 2, formatValue(f.baseline.value, f.unit), 10, 'normal', '#616161'),
      );
      rowHeight += BAR_HEIGHT + 2;
    }
    if (f.target?.on === 'value') {
      const tx = barsX + scale(f.target.bound);
      parts.push(
        `<line x1="${r(tx)}" y1="${r(rowY - 2)}" x2="${r(tx)}" y2="${r(rowY + rowHeight + 2)}" stroke="${COLOURS.target}" stroke-width="2" stroke-dasharray="3 2"><title>target ${escapeXml(f.target.text)}</title></line>`,
      );
    }
    rowY += rowHeight + ROW_GAP;
  }
  return { svg: parts.join('\n'), height: rowY - y };
}

/** The part of a label that differs between rows of one panel: "local gateway, 50 conn — p99" → "50 conn". */
function shortLabel(f: Figure, maxLength: number): string {
  const label = f.label.replace(/\s+—\s+(throughput|p50|p99)$/, '');
  const connections = label.match(/(\d+ conn)/);
  return truncate(connections ? connections[1]! : label, maxLength);
}

function legend(x: number, y: number): string {
  const items: [string, string][] = [
    [COLOURS.met, 'figure, target met'],
    [COLOURS.missed, 'figure, target missed'],
    [COLOURS.plain, 'figure, no target'],
    [COLOURS.baseline, 'baseline (same run)'],
  ];
  const parts = items.map(
    ([colour, label], i) => `${bar(x + i * 190, y, 14, colour, label)}\n${text(x + i * 190 + 20, y + 11, label, 11)}`,
  );
  parts.push(
    `<line x1="${x + 4 * 190}" y1="${y - 1}" x2="${x + 4 * 190}" y2="${y + 14}" stroke="${COLOURS.target}" stroke-width="2" stroke-dasharray="3 2"/>`,
  );
  parts.push(text(x + 4 * 190 + 8, y + 11, 'target', 11));
  return parts.join('\n');
}

function bar(x: number, y: number, width: number, fill: string, title: string): string {
  return `<rect x="${r(x)}" y="${r(y)}" width="${r(width)}" height="${BAR_HEIGHT}" fill="${fill}"><title>${escapeXml(title)}</title></rect>`;
}

function text(x: number, y: number, content: string, size: number, weight = 'normal', fill = '#212121'): string {
  return `<text x="${r(x)}" y="${r(y)}" font-size="${size}" font-weight="${weight}" fill="${fill}">${escapeXml(content)}</text>`;
}

function truncate(value: string, length: number): string {
  return value.length > length ? `${value.slice(0, length - 1)}…` : value;
}

function r(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
