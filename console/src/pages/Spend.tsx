import { useState } from 'react';
import { admin, qs, session, dollars, usd } from '../api';
import { ChartView } from '../chart';
import { Card, ErrorLine, Table, useLoad } from '../ui';

const DIMENSIONS = [
  { key: 'org', field: 'org_id', title: 'Organisation' },
  { key: 'team', field: 'team_id', title: 'Team' },
  { key: 'user', field: 'user_id', title: 'User' },
  { key: 'key', field: 'key_id', title: 'Key' },
  { key: 'model', field: 'model', title: 'Model' },
  { key: 'provider', field: 'provider', title: 'Provider' },
];

/** Spend by one dimension over the last N days, from the usage report (exact nano-USD sums). */
export function Spend() {
  const [dim, setDim] = useState(DIMENSIONS[4]);
  const [days, setDays] = useState(30);
  const from = new Date(Math.floor((Date.now() - days * 86400_000) / 86400_000) * 86400_000).toISOString();
  const report = useLoad(() => admin.get(`/reports/usage${qs({ from, period: 'month', group_by: dim.key })}`), [dim, days]);
  // A range can cross a month boundary: add the months up per group (integers, so the sums stay exact).
  const groups = new Map<string, any>();
  for (const r of report.data?.data ?? []) {
    const name = r[dim.field] ?? '(none)';
    const g = groups.get(name) ?? { name, requests: 0, errors: 0, prompt_tokens: 0, completion_tokens: 0, cost: 0n, charge: 0n };
    g.requests += r.requests; g.errors += r.errors; g.prompt_tokens += r.prompt_tokens; g.completion_tokens += r.completion_tokens;
    g.cost += BigInt(r.cost_nano_usd); g.charge += BigInt(r.charge_nano_usd);
    groups.set(name, g);
  }
  const rows = [...groups.values()].sort((a, b) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : 0));
  const top = rows.slice(0, 12);
  return (
    <>
      <div className="toolbar">
        {DIMENSIONS.map((d) => (
          <button key={d.key} className={d === dim ? 'selected' : ''} onClick={() => setDim(d)}>By {d.title.toLowerCase()}</button>
        ))}
        <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[1, 7, 30, 90].map((d) => <option key={d} value={d}>Last {d} days</option>)}
        </select>
        <a className="button" href={`/admin/v1/reports/usage${qs({ from, period: 'day', group_by: dim.key, format: 'csv' })}`}
          onClick={(e) => { e.preventDefault(); downloadCsv(from, dim.key); }}>CSV</a>
      </div>
      <ErrorLine error={report.error} />
      <Card title={`Spend by ${dim.title.toLowerCase()}`}>
        <ChartView type="bar" testId="chart-spend-by" yFormat={dollars} labels={top.map((g) => g.name)}
          series={[{ label: 'cost (USD)', data: top.map((g) => Number(g.cost) / 1e9) },
            { label: 'charged (USD)', data: top.map((g) => Number(g.charge) / 1e9) }]} />
        <Table testId="spend-table" rows={report.data ? rows : null} empty="No usage in this range." columns={[
          { title: dim.title, render: (g: any) => <code>{g.name}</code> },
          { title: 'Requests', render: (g) => g.requests },
          { title: 'Errors', render: (g) => g.errors },
          { title: 'Tokens in / out', render: (g) => `${g.prompt_tokens} / ${g.completion_tokens}` },
          { title: 'Cost', render: (g) => usd(Number(g.cost)) },
          { title: 'Charged', render: (g) => usd(Number(g.charge)) },
        ]} />
      </Card>
    </>
  );
}

async function downloadCsv(from: string, groupBy: string) {
  const res = await fetch(`/admin/v1/reports/usage${qs({ from, period: 'day', group_by: groupBy, format: 'csv' })}`,
    { headers: { authorization: `Bearer ${session.adminKey()}` } });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url; a.download = `tollgate-usage-by-${groupBy}.csv`; a.click();
  URL.revokeObjectURL(url);
}
