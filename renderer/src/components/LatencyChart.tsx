// Recent refresh latencies with p50 and p95 lines and failures marked, drawn by uPlot inside a
// component that owns its lifecycle. The time axis always spans a sensible window (the last hour,
// widened to the oldest sample), whatever the number of samples, and the legend below is ours: it
// shows values (last, p50, p95, failures), not uPlot's cursor readout.

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MetricsSummary } from '../../../shared/domain';

const HOUR_S = 3600;

/** The x window in seconds: the last hour up to now, widened to include the oldest sample. */
export function timeWindow(samples: { at: number }[], nowMs: number): [number, number] {
  const end = Math.max(nowMs, ...samples.map((s) => s.at)) / 1000;
  const oldest = samples.length ? Math.min(...samples.map((s) => s.at)) / 1000 : end;
  return [Math.min(end - HOUR_S, oldest - 60), end + 60];
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
        aria-label={samples.length ? `Latency of the last ${samples.length} refreshes over the last hour or more; p50 ${fmt(metrics.p50Ms)}, p95 ${fmt(metrics.p95Ms)}` : 'No refreshes recorded in the last hour'} />
      <figcaption>
        <ul className="legend" data-testid="chart-legend">
          <li><span className="swatch latency" aria-hidden="true" />Last {last ? `${fmt(last.ms)}${last.ok ? '' : ' (failed)'}` : 'none yet'}</li>
          <li><span className="swatch p50" aria-hidden="true" />p50 {fmt(metrics.p50Ms)}</li>
          <li><span className="swatch p95" aria-hidden="true" />p95 {fmt(metrics.p95Ms)}</li>
          <li><span className="swatch failed" aria-hidden="true" />{failures} failed of {samples.length}</li>
        </ul>
        {samples.length === 0 ? <p className="muted small">No refreshes recorded yet; the chart shows the last hour.</p> : null}
      </figcaption>
    </figure>
  );
}
