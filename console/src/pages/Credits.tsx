import { useState } from 'react';
import { admin, usd, when } from '../api';
import { Card, ErrorLine, ShownOnce, Table, useLoad } from '../ui';

/** Relay mode: batches of redemption codes (made here, shown once) and a user's prepaid balance. */
export function Credits() {
  const batches = useLoad(() => admin.get('/redemption-codes?limit=200'), []);
  const [form, setForm] = useState({ count: '10', amount_usd: '5' });
  const [codes, setCodes] = useState<string[] | null>(null);
  const [userId, setUserId] = useState('');
  const [balance, setBalance] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);

  const make = async (e: React.FormEvent) => {
    e.preventDefault(); setError(null);
    try {
      const b = await admin.post('/redemption-codes', { count: Number(form.count), amount_usd: form.amount_usd });
      setCodes(b.codes); batches.reload();
    } catch (err: any) { setError(err.message); }
  };
  const revoke = async (id: string) => {
    if (!confirm(`Revoke the unredeemed codes of ${id}?`)) return;
    try { await admin.post(`/redemption-codes/${id}/revoke`); batches.reload(); } catch (err: any) { setError(err.message); }
  };
  const lookUp = async (e: React.FormEvent) => {
    e.preventDefault(); setError(null);
    try {
      const [b, c] = await Promise.all([admin.get(`/users/${userId}/balance`), admin.get(`/users/${userId}/credits?limit=50`)]);
      setBalance({ ...b, entries: c.data });
    } catch (err: any) { setBalance(null); setError(err.message); }
  };

  return (
    <>
      <ErrorLine error={error ?? batches.error} />
      <Card title="Make redemption codes">
        <form className="toolbar" onSubmit={make}>
          <label>Count <input type="number" min="1" value={form.count} onChange={(e) => setForm({ ...form, count: e.target.value })} /></label>
          <label>USD each <input value={form.amount_usd} onChange={(e) => setForm({ ...form, amount_usd: e.target.value })} /></label>
          <button type="submit">Make codes</button>
        </form>
        {codes && <ShownOnce label={`${codes.length} codes.`} values={codes} onDone={() => setCodes(null)} />}
      </Card>
      <Card title="Batches">
        <Table testId="batches" rows={batches.data?.data} columns={[
          { title: 'Batch', render: (b: any) => <code>{b.id}</code> },
          { title: 'Each', render: (b) => usd(b.amount_nano_usd, 2) },
          { title: 'Count', render: (b) => b.count }, { title: 'Redeemed', render: (b) => b.redeemed },
          { title: 'Revoked', render: (b) => b.revoked }, { title: 'Unredeemed', render: (b) => b.unredeemed },
          { title: 'Expires', render: (b) => when(b.expires_at) },
          { title: '', render: (b) => (b.unredeemed > 0 ? <button className="danger" onClick={() => revoke(b.id)}>Revoke</button> : null) }]} />
      </Card>
      <Card title="A user's balance">
        <form className="toolbar" onSubmit={lookUp}>
          <input placeholder="user_…" value={userId} onChange={(e) => setUserId(e.target.value.trim())} />
          <button type="submit">Show</button>
        </form>
        {balance && (
          <>
            <p>Balance <strong>{usd(balance.balance_nano_usd)}</strong> (credits {usd(balance.credits_nano_usd)},
              charged {usd(balance.charged_nano_usd)})</p>
            <Table rows={balance.entries} columns={[
              { title: 'When', render: (c: any) => when(c.created_at) }, { title: 'Kind', render: (c) => c.kind },
              { title: 'Amount', render: (c) => usd(c.amount_nano_usd) }, { title: 'Reference', render: (c) => c.reference ?? '—' }]} />
          </>
        )}
      </Card>
    </>
  );
}
