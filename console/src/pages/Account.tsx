import { useState } from 'react';
import { account, dollars, session, usd, when } from '../api';
import { ChartView } from '../chart';
import { Card, ErrorLine, Stat, Table, useLoad } from '../ui';

/** The page for a relay station's customers: sign in with one's own gateway key; balance, usage, top-up by code. */
export function Account() {
  const [signedIn, setSignedIn] = useState(!!session.accountKey());
  return signedIn ? <AccountView onSignOut={() => { session.setAccountKey(null); setSignedIn(false); }} />
    : <AccountSignIn onSignedIn={() => setSignedIn(true)} />;
}

function AccountSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="signin">
      <form className="card" onSubmit={async (e) => {
        e.preventDefault(); setError(null);
        try { await account.check(key.trim()); session.setAccountKey(key.trim()); onSignedIn(); } catch (err: any) { setError(err.message); }
      }}>
        <h1>Your account</h1>
        <p className="muted">Sign in with your API key (<code>tg-…</code>). It stays in this tab only.</p>
        <label>API key <input name="api-key" type="password" value={key} autoFocus onChange={(e) => setKey(e.target.value)} /></label>
        <button type="submit">Sign in</button>
        <ErrorLine error={error} />
      </form>
    </div>
  );
}

function AccountView({ onSignOut }: { onSignOut: () => void }) {
  const balance = useLoad(() => account.get('balance'), []);
  const usage = useLoad(() => account.get('usage?days=30&limit=50'), []);
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const redeem = async (e: React.FormEvent) => {
    e.preventDefault(); setError(null); setMessage(null);
    try {
      const r = await account.post('redeem', { code: code.trim() });
      setMessage(`Added ${usd(r.amount_nano_usd, 2)}.`); setCode(''); balance.reload();
    } catch (err: any) { setError(err.message); }
  };
  const b = balance.data;
  const daily: any[] = usage.data?.daily ?? [];
  return (
    <div className="account">
      <header><strong>Your account</strong><button className="link" onClick={onSignOut}>Sign out</button></header>
      <ErrorLine error={balance.error ?? usage.error} />
      <div className="stats">
        <Stat label="Balance" value={b ? usd(b.balance_nano_usd, 4) : '…'} testId="balance" />
        <Stat label="Credits" value={b ? usd(b.credits_nano_usd, 4) : '…'} />
        <Stat label="Spent" value={b ? usd(b.charged_nano_usd) : '…'} />
        <Stat label="Billing" value={b?.billing ?? '…'} />
      </div>
      <Card title="Top up with a code">
        <form className="toolbar" onSubmit={redeem}>
          <input name="code" placeholder="redemption code" value={code} onChange={(e) => setCode(e.target.value)} />
          <button type="submit">Redeem</button>
        </form>
        {message && <p className="good" role="status">{message}</p>}
        <ErrorLine error={error} />
      </Card>
      <Card title="Daily spend, last 30 days">
        <ChartView type="bar" testId="chart-account" yFormat={dollars} labels={daily.map((d) => d.day)}
          series={[{ label: 'USD', data: daily.map((d) => d.charged_nano_usd / 1e9) }]} />
      </Card>
      <Card title="Recent calls">
        <Table testId="account-usage" rows={usage.data?.data} columns={[
          { title: 'Started', render: (u: any) => when(u.started_at) }, { title: 'Model', render: (u) => u.model },
          { title: 'Status', render: (u) => u.status }, { title: 'Tokens', render: (u) => `${u.prompt_tokens} → ${u.completion_tokens}` },
          { title: 'Charged', render: (u) => usd(u.charge_nano_usd) }]} />
      </Card>
    </div>
  );
}
