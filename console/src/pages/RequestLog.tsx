import { useState } from 'react';
import { admin, qs, usd, when } from '../api';
import { Card, ErrorLine, Table, useLoad } from '../ui';

const FILTERS = ['model', 'status', 'key_id', 'user_id', 'team_id', 'request_id'] as const;

/** The request log: usage records newest first, filters, pages, and every field of one record. */
export function RequestLog() {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [pages, setPages] = useState<string[]>([]); // the `after` cursors of the pages opened so far
  const [selected, setSelected] = useState<any>(null);
  const after = pages[pages.length - 1];
  const log = useLoad(() => admin.get(`/usage${qs({ ...filters, limit: 50, after })}`), [JSON.stringify(filters), after]);
  return (
    <>
      <form className="toolbar" onSubmit={(e) => { e.preventDefault(); setPages([]); setFilters(draft); }}>
        {FILTERS.map((f) => (
          <input key={f} placeholder={f} name={f} value={draft[f] ?? ''}
            onChange={(e) => setDraft({ ...draft, [f]: e.target.value.trim() })} />
        ))}
        <button type="submit">Filter</button>
        <button type="button" onClick={() => log.reload()}>Refresh</button>
      </form>
      <ErrorLine error={log.error} />
      <div className="split">
        <Card title="Requests">
          <Table testId="request-log" rows={log.data?.data} onRow={setSelected} empty="No requests match."
            columns={[
              { title: 'Started', render: (r: any) => when(r.started_at) },
              { title: 'Request', render: (r) => <code>{r.request_id}</code> },
              { title: 'Model', render: (r) => r.model },
              { title: 'Status', render: (r) => <span className={r.status >= 400 ? 'bad' : 'good'}>{r.status}</span> },
              { title: 'Tokens', render: (r) => `${r.prompt_tokens} → ${r.completion_tokens}` },
              { title: 'Latency', render: (r) => (r.latency_ms == null ? '—' : `${r.latency_ms.toFixed(1)} ms`) },
              { title: 'Cost', render: (r) => usd(r.cost_nano_usd) },
            ]} />
          <div className="toolbar">
            <button disabled={pages.length === 0} onClick={() => setPages(pages.slice(0, -1))}>Newer</button>
            <button disabled={!log.data?.has_more} onClick={() => setPages([...pages, log.data.next_after])}>Older</button>
          </div>
        </Card>
        {selected && (
          <Card title="Request detail" testId="request-detail">
            <button className="link" onClick={() => setSelected(null)}>Close</button>
            <dl>
              {Object.entries(selected).map(([k, v]) => (
                <div key={k}><dt>{k}</dt><dd>{typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}</dd></div>
              ))}
            </dl>
            <p className="muted">Tollgate keeps no request or response bodies: the record is metadata, tokens and cost.</p>
          </Card>
        )}
      </div>
    </>
  );
}
