// Recent refresh latencies with p50 and p95 lines and failures marked, drawn by uPlot inside a
// component that owns its lifecycle. The time axis fits the data (from the first sample to now, at
// most the last hour), the last point carries its value, and the legend below is ours: it shows
// values (last, p50, p95, failures), not uPlot's cursor readout.

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MetricsSummary } from '../../../shared/domain';

const HOUR_S = 3600;

/**
 * The x window in seconds: from the first sample (at most an hour back) up to now, with a margin
 * of a twentieth of the span (at least 15 s) so no point sits on an edge; 5 minutes when empty.
 */
export function timeWindow(samples: { at: number }[], nowMs: number): [number, number] {
  const end = Math.max(nowMs, ...samples.map((s) => s.at)) / 1000;
  if (samples.length === 0) return [end - 300, end];
  const oldest = Math.max(end - HOUR_S, Math.min(...samples.map((s) => s.at)) / 1000);
  const margin = Math.max(15, (end - oldest) / 20);
  return [oldest - margin, end + margin];
}

/** Writes the last point's value next to it, so the newest refresh reads without hovering. */
function labelLastPoint(u: uPlot): void {
  const xs = u.data[0];
  const i = xs.length - 1;
  if (i < 0) return;
  const value = u.data[1]?.[i] ?? u.data[2]?.[i];
  if (value === null || value === undefined) return;
  const x = u.valToPos(xs[i]!, 'x', true);
  const y = u.valToPos(value, 'y', true);
  const ctx = u.ctx;
  const ratio = window.devicePixelRatio || 1;
  ctx.save();
  ctx.font = `${12 * ratio}px system-ui, sans-serif`;
  ctx.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--text').trim() || '#222';
  const text = `${Math.round(value)} ms`;
  const width = ctx.measureText(text).width;
  ctx.textBaseline = 'bottom';
  ctx.fillText(text, Math.min(x + 6 * ratio, u.bbox.left + u.bbox.width - width), y - 6 * ratio);
  ctx.restore();
}

const fmt = (ms: number | null | undefined) => (ms === null || ms === undefined ? 'n/a' : `${Math.round(ms)} ms`);

export function LatencyChart({ metrics }: { metrics: MetricsSummary }) {
  const host = useRef<HTMLDivElement>(null);
  const samples = metrics.samples;
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const [min, max] = timeWindow(samples, Date.now());
    // The window in seconds, readable by tests and by anyone inspecting the page.
    el.dataset.from = String(Math.round(min));
    el.dataset.to = String(Math.round(max));
    const xs = samples.map((s) => s.at / 1000);
    const styles = getComputedStyle(document.documentElement);
    const text = styles.getPropertyValue('--text').trim() || '#222';
    const grid = styles.getPropertyValue('--border').trim() || '#ddd';
    const chart = new uPlot(
      {
        width: Math.max(260, el.clientWidth - 16),
        height: 180,
        scales: { x: { time: true, range: () => [min, max] }, y: { range: (_u, _min, dataMax) => [0, Math.max(10, (dataMax ?? 0) * 1.15)] } },
        axes: [{ stroke: text, grid: { stroke: grid } }, { stroke: text, grid: { stroke: grid }, label: 'ms', size: 56 }],
        series: [
          {},
          { label: 'latency', stroke: '#2f80ed', width: 2, points: { show: true, size: 8 } },
          { label: 'failed', stroke: '#d64541', width: 0, points: { show: true, size: 9, fill: '#d64541' } },
          { label: 'p50', stroke: '#27ae60', dash: [6, 4] },
          { label: 'p95', stroke: '#e67e22', dash: [2, 4] },
        ],
        legend: { show: false },
        hooks: { draw: [labelLastPoint] },
        cursor: { show: samples.length > 0 },
      },
      [xs, samples.map((s) => (s.ok ? s.ms : null)), samples.map((s) => (s.ok ? null : s.ms)), xs.map(() => metrics.p50Ms), xs.map(() => metrics.p95Ms)],
      el,
    );
    return () => chart.destroy();
  }, [samples, metrics.p50Ms, metrics.p95Ms]);
  const last = samples.at(-1);
  const failures = samples.filter((s) => !s.ok).length;
  return (
    <figure className="chart-box">
      <div ref={host} className="chart" role="img"
        aria-label={samples.length ? `Latency of the last ${samples.length} refreshes, from the first one up to now; p50 ${fmt(metrics.p50Ms)}, p95 ${fmt(metrics.p95Ms)}` : 'No refreshes recorded in the last hour'} />
      <figcaption>
        <ul className="legend" data-testid="chart-legend">
          <li><span className="swatch latency" aria-hidden="true" />Last {last ? `${fmt(last.ms)}${last.ok ? '' : ' (failed)'}` : 'none yet'}</li>
          <li><span className="swatch p50" aria-hidden="true" />p50 {fmt(metrics.p50Ms)}</li>
          <li><span className="swatch p95" aria-hidden="true" />p95 {fmt(metrics.p95Ms)}</li>
          <li><span className="swatch failed" aria-hidden="true" />{failures} failed of {samples.length}</li>
        </ul>
        {samples.length === 0 ? <p className="muted small">No refreshes recorded yet; the chart fills in as tokens are renewed.</p> : null}
      </figcaption>
    </figure>
  );
}
