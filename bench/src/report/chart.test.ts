import { describe, expect, it } from 'vitest';
import { renderChart } from './chart.ts';
import { sampleReport } from './sample-report.ts';

describe('renderChart', () => {
  const svg = renderChart(sampleReport);

  it('is one SVG document', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });

  it('draws each figure beside its same-run baseline, with the values from the JSON', () => {
    expect(svg).toContain('5,100 req/s');
    expect(svg).toContain('8,100 req/s');
    expect(svg).toContain('<title>bare Node http + jose: 8,100 req/s</title>');
  });

  it('colours by verdict: met green, missed red', () => {
    expect(svg).toMatch(/<rect [^>]*fill="#2e7d32"><title>local gateway, 50 conn — throughput/);
    expect(svg).toMatch(/<rect [^>]*fill="#c62828"><title>local gateway, 50 conn — p99/);
  });

  it('marks absolute targets with a line and leaves p50 out of the chart', () => {
    expect(svg).toContain('<title>target ≤ 20 ms</title>');
    expect(svg).toContain('<title>target ≤ 3 s</title>');
    expect(svg).not.toContain('— p50');
  });

  it('draws a panel per suite that has figures, and none for skipped or failed suites', () => {
    expect(svg).toContain('gateway — local gateway vs bare Node');
    expect(svg).toContain('>pipeline<');
    expect(svg).not.toContain('serverless-offline');
    expect(svg).not.toContain('>authorizer<');
  });

  it('escapes text so a label cannot break the document', () => {
    const hostile = renderChart({
      ...sampleReport,
      suites: [{ ...sampleReport.suites[0]!, figures: [{ ...sampleReport.suites[0]!.figures[0]!, label: 'a <b> & "c"' }] }],
    });
    expect(hostile).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(hostile).not.toContain('<b>');
  });

  it('is deterministic: the same JSON draws the same chart', () => {
    expect(renderChart(JSON.parse(JSON.stringify(sampleReport)))).toBe(svg);
  });
});
