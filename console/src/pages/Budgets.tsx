import { admin, usd } from '../api';
import { Card, ErrorLine, Table, useLoad } from '../ui';

/** Budgets with their current period's spend (each status is one call; lists are at most 200 budgets). */
export function Budgets() {
  const budgets = useLoad(async () => {
    const list = await admin.get('/budgets?limit=200');
    const status = await Promise.all(list.data.map((b: any) => admin.get(`/budgets/${b.id}/status`).catch(() => null)));
    return list.data.map((b: any, i: number) => ({ ...b, status: status[i] }));
  }, []);
  return (
    <>
      <ErrorLine error={budgets.error} />
      <Card title="Budgets and limits">
        <Table testId="budgets" rows={budgets.data} empty="No budgets. Create them with POST /admin/v1/budgets." columns={[
          { title: 'Scope', render: (b: any) => <>{b.scope_kind} <code>{b.scope_id}</code></> },
          { title: 'Period', render: (b) => `${b.period} (${b.time_zone})` },
          { title: 'Enforcement', render: (b) => b.enforcement },
          { title: 'Amount', render: (b) => usd(b.amount_nano_usd, 2) },
          { title: 'Spent', render: (b) => usd(b.status?.spent_nano_usd) },
          { title: 'Reserved', render: (b) => usd(b.status?.reserved_nano_usd) },
          { title: 'Used', render: (b) => {
            if (!b.status) return '—';
            const pct = Math.min(100, (100 * (b.status.spent_nano_usd + b.status.reserved_nano_usd)) / Math.max(1, b.amount_nano_usd));
            return <div className="bar"><div style={{ width: `${pct}%` }} className={pct >= 100 ? 'full' : ''} /><span>{pct.toFixed(1)}%</span></div>;
          } },
          { title: 'Alerts at', render: (b) => (b.alert_thresholds ?? []).map((t: number) => `${t}%`).join(', ') }]} />
      </Card>
    </>
  );
}
