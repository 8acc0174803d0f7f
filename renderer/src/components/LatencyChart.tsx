// Recent refresh latencies with p50 and p95 lines and failures marked, drawn by uPlot (tiny and
// fast) inside a component of our own that owns its lifecycle.

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MetricsSummary } from '../../../shared/domain';

export function LatencyChart({ metrics }: { metrics: MetricsSummary }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el || metrics.samples.length === 0) return;
    const xs = metrics.samples.map((s) => s.at / 1000);
    const ok = metrics.samples.map((s) => (s.ok ? s.ms : null));
    const failed = metrics.samples.map((s) => (s.ok ? null : s.ms));
    const p50 = xs.map(() => metrics.p50Ms);
    const p95 = xs.map(() => metrics.p95Ms);
    const styles = getComputedStyle(document.documentElement);
    const text = styles.getPropertyValue('--text').trim() || '#222';
    const chart = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 200,
        // A lone sample would otherwise stretch the time axis over years.
        scales: { x: { time: true, range: (_u, min, max) => (max - min < 120 ? [min - 60, max + 60] : [min, max]) }, y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.15)] } },
        axes: [{ stroke: text }, { stroke: text, label: 'ms' }],
        series: [
          {},
          { label: 'latency', stroke: '#2f80ed', width: 2, points: { show: true, size: 5 } },
          { label: 'failed', stroke: '#d64541', width: 0, points: { show: true, size: 8, fill: '#d64541' } },
          { label: 'p50', stroke: '#27ae60', dash: [6, 4] },
          { label: 'p95', stroke: '#f2994a', dash: [2, 4] },
        ],
        legend: { show: true },
      },
      [xs, ok, failed, p50, p95],
      el,
    );
    return () => chart.destroy();
  }, [metrics]);
  if (metrics.samples.length === 0) return <p className="muted">No refreshes recorded yet.</p>;
  return <div ref={host} className="chart" role="img" aria-label={`Latency of the last ${metrics.samples.length} refreshes; p50 ${fmt(metrics.p50Ms)}, p95 ${fmt(metrics.p95Ms)}`} />;
}

const fmt = (ms: number | null) => (ms === null ? 'n/a' : `${ms.toFixed(0)} ms`);
