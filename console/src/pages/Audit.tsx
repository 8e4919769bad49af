import { useState } from 'react';
import { admin, qs, when } from '../api';
import { Card, ErrorLine, Table, useLoad } from '../ui';

/** The append-only audit log, newest first, with each entry's before and after. */
export function Audit() {
  const [draft, setDraft] = useState({ action: '', actor_id: '', target_id: '' });
  const [filters, setFilters] = useState(draft);
  const [after, setAfter] = useState<string | undefined>();
  const [open, setOpen] = useState<any>(null);
  const log = useLoad(() => admin.get(`/audit${qs({ ...filters, limit: 50, after })}`), [JSON.stringify(filters), after]);
  return (
    <>
      <form className="toolbar" onSubmit={(e) => { e.preventDefault(); setAfter(undefined); setFilters(draft); }}>
        {(Object.keys(draft) as (keyof typeof draft)[]).map((f) => (
          <input key={f} placeholder={f} value={draft[f]} onChange={(e) => setDraft({ ...draft, [f]: e.target.value.trim() })} />
        ))}
        <button type="submit">Filter</button>
      </form>
      <ErrorLine error={log.error} />
      <div className="split">
        <Card title="Entries">
          <Table testId="audit" rows={log.data?.data} onRow={setOpen} columns={[
            { title: 'At', render: (a: any) => when(a.at) }, { title: 'Action', render: (a) => <code>{a.action}</code> },
            { title: 'Actor', render: (a) => `${a.actor_id} (${a.actor_role})` },
            { title: 'Target', render: (a) => <code>{a.target_id}</code> }, { title: 'Client', render: (a) => a.client_ip ?? '—' }]} />
          <div className="toolbar">
            <button disabled={!after} onClick={() => setAfter(undefined)}>Newest</button>
            <button disabled={!log.data?.has_more} onClick={() => setAfter(log.data.next_after)}>Older</button>
          </div>
        </Card>
        {open && (
          <Card title={open.action}>
            <button className="link" onClick={() => setOpen(null)}>Close</button>
            <h3>Before</h3><pre>{JSON.stringify(open.before, null, 2)}</pre>
            <h3>After</h3><pre>{JSON.stringify(open.after, null, 2)}</pre>
          </Card>
        )}
      </div>
    </>
  );
}
