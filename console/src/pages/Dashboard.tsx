import { useState } from 'react';
import { admin, dollars, qs, usd } from '../api';
import { ChartView } from '../chart';
import { Card, ErrorLine, Stat, useLoad } from '../ui';

type Range = { label: string; hours: number; period: 'hour' | 'day' };
const RANGES: Range[] = [
  { label: 'Last 24 hours', hours: 24, period: 'hour' },
  { label: 'Last 7 days', hours: 24 * 7, period: 'day' },
  { label: 'Last 30 days', hours: 24 * 30, period: 'day' },
];

/** The period starts from `from` to now, so quiet hours show as zeros rather than vanishing. */
export function periodStarts(from: Date, period: 'hour' | 'day'): string[] {
  const step = period === 'hour' ? 3600_000 : 86400_000;
  const out: string[] = [];
  for (let t = Math.floor(from.getTime() / step) * step; t <= Date.now(); t += step) {
    out.push(new Date(t).toISOString().replace('.000Z', 'Z'));
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function Dashboard() {
  const [range, setRange] = useState(RANGES[0]);
  const from = new Date(Date.now() - range.hours * 3600_000);
  const fromIso = new Date(Math.floor(from.getTime() / 3600_000) * 3600_000).toISOString();
  const report = useLoad(() => admin.get(`/reports/usage${qs({ from: fromIso, period: range.period })}`), [range]);
  // Percentiles need single calls: the newest 1000 records of the range (the rollups keep sums only).
  const recent = useLoad(() => admin.get(`/usage${qs({ from: fromIso, limit: 1000 })}`), [range]);

  const labels = periodStarts(new Date(fromIso), range.period);
  const rows: any[] = report.data?.data ?? [];
  const byPeriod = new Map(rows.map((r) => [r.period_start, r]));
  const pick = (f: string) => labels.map((l) => byPeriod.get(l)?.[f] ?? 0);
  const short = labels.map((l) => (range.period === 'hour' ? l.slice(11, 16) : l.slice(5, 10)));

  const step = range.period === 'hour' ? 3600_000 : 86400_000;
  const latencies = new Map<string, number[]>();
  const all: number[] = [];
  for (const e of recent.data?.data ?? []) {
    if (e.latency_ms == null) continue;
    const start = new Date(Math.floor(Date.parse(e.started_at) / step) * step).toISOString().replace('.000Z', 'Z');
    (latencies.get(start) ?? latencies.set(start, []).get(start)!).push(e.latency_ms);
    all.push(e.latency_ms);
  }
  for (const v of latencies.values()) v.sort((a, b) => a - b);
  all.sort((a, b) => a - b);
  const p = (n: number) => labels.map((l) => Math.round(percentile(latencies.get(l) ?? [], n) * 10) / 10);
  const totals = report.data?.totals ?? {};

  return (
    <>
      <div className="toolbar">
        {RANGES.map((r) => (
          <button key={r.label} className={r === range ? 'selected' : ''} onClick={() => setRange(r)}>{r.label}</button>
        ))}
      </div>
      <ErrorLine error={report.error ?? recent.error} />
      <div className="stats">
        <Stat label="Requests" value={totals.requests ?? '…'} testId="total-requests" />
        <Stat label="Errors" value={totals.errors ?? '…'} testId="total-errors" />
        <Stat label="Latency p50" value={`${percentile(all, 50).toFixed(1)} ms`} />
        <Stat label="Latency p95" value={`${percentile(all, 95).toFixed(1)} ms`} />
        <Stat label="Cost" value={usd(totals.cost_nano_usd)} testId="total-cost" />
        <Stat label="Charged" value={usd(totals.charge_nano_usd)} />
      </div>
      <div className="grid">
        <Card title="Requests and errors">
          <ChartView type="bar" labels={short} testId="chart-requests"
            series={[{ label: 'requests', data: pick('requests') }, { label: 'errors', data: pick('errors') }]} />
        </Card>
        <Card title="Spend (USD)">
          <ChartView type="line" labels={short} testId="chart-spend" yFormat={dollars}
            series={[{ label: 'cost', data: pick('cost_nano_usd').map((n) => n / 1e9) },
              { label: 'charged', data: pick('charge_nano_usd').map((n) => n / 1e9) }]} />
        </Card>
        <Card title="Latency (ms)">
          <ChartView type="line" labels={short} testId="chart-latency"
            series={[{ label: 'p50', data: p(50) }, { label: 'p95', data: p(95) }]} />
        </Card>
        <Card title="Tokens">
          <ChartView type="bar" labels={short} testId="chart-tokens"
            series={[{ label: 'prompt', data: pick('prompt_tokens') }, { label: 'completion', data: pick('completion_tokens') }]} />
        </Card>
      </div>
    </>
  );
}
