import { admin } from '../api';
import { Card, ErrorLine, Table, useLoad } from '../ui';

/** Providers (secrets only as the API's masked hints), model groups, and each deployment's health on this node. */
export function Providers() {
  const health = useLoad(() => admin.get('/routing/health'), []);
  const providers = useLoad(() => admin.get('/providers?limit=200'), []);
  const models = useLoad(() => admin.get('/models?limit=200'), []);
  return (
    <>
      <ErrorLine error={health.error ?? providers.error ?? models.error} />
      <Card title="Deployment health (this gateway node)">
        <button onClick={health.reload}>Refresh</button>
        <Table testId="health" rows={health.data?.data} empty="No deployment has been routed to yet." columns={[
          { title: 'Model', render: (h: any) => h.model }, { title: 'Deployment', render: (h) => <code>{h.deployment}</code> },
          { title: 'Breaker', render: (h) => <span className={`breaker ${h.breaker}`}>{h.breaker}</span> },
          { title: 'In flight', render: (h) => h.in_flight },
          { title: 'Requests / min', render: (h) => h.requests_last_minute },
          { title: 'TTFT', render: (h) => (h.ttft_ms == null ? '—' : `${h.ttft_ms.toFixed(1)} ms`) },
          { title: 'Latency', render: (h) => (h.latency_ms == null ? '—' : `${h.latency_ms.toFixed(1)} ms`) }]} />
      </Card>
      <div className="grid">
        <Card title="Providers (kept in the database)">
          <Table testId="providers" rows={providers.data?.data} empty="None: the configuration file's providers are not listed here."
            columns={[
            { title: 'Name', render: (p: any) => p.name }, { title: 'Type', render: (p) => p.type },
            { title: 'Base URL', render: (p) => <code>{p.base_url ?? '—'}</code> },
            { title: 'Keys', render: (p) => <code>{(p.keys ?? []).join(', ') || '—'}</code> }]} />
        </Card>
        <Card title="Model groups (kept in the database)">
          <Table testId="models" rows={models.data?.data} empty="None: the configuration file's model groups are not listed here." columns={[
            { title: 'Name', render: (m: any) => m.name },
            { title: 'Deployments', render: (m) => (m.deployments ?? []).map((d: any) => d.name ?? `${d.provider}/${d.model ?? '(same name)'}`).join(', ') },
            { title: 'Strategy', render: (m) => m.strategy ?? m.routing?.strategy ?? '—' }]} />
        </Card>
      </div>
    </>
  );
}
