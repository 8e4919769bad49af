import { useState } from 'react';
import { admin, qs, when } from '../api';
import { Card, ErrorLine, ShownOnce, Table, useLoad } from '../ui';

/** Gateway keys: create (the key is shown once), rotate, revoke. */
export function Keys() {
  const [after, setAfter] = useState<string | undefined>();
  const keys = useLoad(() => admin.get(`/keys${qs({ limit: 100, after })}`), [after]);
  const [name, setName] = useState('');
  const [models, setModels] = useState('');
  const [owner, setOwner] = useState('');
  const [shown, setShown] = useState<{ label: string; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const act = async (f: () => Promise<void>) => {
    setError(null);
    try { await f(); keys.reload(); } catch (e: any) { setError(e.message); }
  };
  const create = (e: React.FormEvent) => {
    e.preventDefault();
    act(async () => {
      const body: any = { name };
      const list = models.split(',').map((m) => m.trim()).filter(Boolean);
      if (list.length) body.models = list;
      if (owner.startsWith('team_')) body.team_id = owner; else if (owner) body.user_id = owner;
      const created = await admin.post('/keys', body);
      setShown({ label: `New key ${created.prefix}… (${created.id}).`, key: created.key });
      setName(''); setModels(''); setOwner('');
    });
  };
  const rotate = (id: string) => act(async () => {
    const r = await admin.post(`/keys/${id}/rotate`, { overlap_seconds: 3600 });
    setShown({ label: `Rotated: new key ${r.prefix}… (${r.id}); the old one works for one more hour.`, key: r.key });
  });
  const revoke = (id: string) => {
    if (confirm(`Revoke ${id}? Calls with it will be refused at once.`)) act(async () => { await admin.post(`/keys/${id}/revoke`); });
  };

  return (
    <>
      <Card title="Create a key">
        <form className="toolbar" onSubmit={create}>
          <input placeholder="name" name="key-name" value={name} onChange={(e) => setName(e.target.value)} />
          <input placeholder="models (comma-separated, empty: all)" name="key-models" value={models}
            onChange={(e) => setModels(e.target.value)} />
          <input placeholder="owner: user_… or team_… (optional)" name="key-owner" value={owner}
            onChange={(e) => setOwner(e.target.value.trim())} />
          <button type="submit">Create key</button>
        </form>
        {shown && <ShownOnce label={shown.label} values={[shown.key]} onDone={() => setShown(null)} />}
        <ErrorLine error={error ?? keys.error} />
      </Card>
      <Card title="Keys">
        <Table testId="keys" rows={keys.data?.data} columns={[
          { title: 'Name', render: (k: any) => k.name || <span className="muted">(none)</span> },
          { title: 'Id', render: (k) => <code>{k.id}</code> },
          { title: 'Prefix', render: (k) => <code>{k.prefix}…</code> },
          { title: 'Owner', render: (k) => <code>{k.user_id ?? k.team_id ?? '—'}</code> },
          { title: 'Models', render: (k) => (k.models?.length ? k.models.join(', ') : 'all') },
          { title: 'Created', render: (k) => when(k.created_at) },
          { title: 'State', render: (k) => <span data-testid={`state-${k.id}`}>{state(k)}</span> },
          { title: '', render: (k) => (k.revoked_at ? null : (
            <span className="actions">
              <button onClick={() => rotate(k.id)}>Rotate</button>
              <button className="danger" data-testid={`revoke-${k.id}`} onClick={() => revoke(k.id)}>Revoke</button>
            </span>)) },
        ]} />
        <div className="toolbar">
          <button disabled={!after} onClick={() => setAfter(undefined)}>First page</button>
          <button disabled={!keys.data?.has_more} onClick={() => setAfter(keys.data.next_after)}>Next page</button>
        </div>
      </Card>
    </>
  );
}

function state(k: any): string {
  if (k.revoked_at) return 'revoked';
  if (k.expires_at && Date.parse(k.expires_at) <= Date.now()) return 'expired';
  if (k.enabled === false) return 'disabled';
  return k.expires_at ? `active until ${when(k.expires_at)}` : 'active';
}
