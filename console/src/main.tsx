import { createRoot } from 'react-dom/client';
import { useEffect, useState, type ReactNode } from 'react';
import { admin, session } from './api';
import { Dashboard } from './pages/Dashboard';
import { RequestLog } from './pages/RequestLog';
import { Keys } from './pages/Keys';
import { Spend } from './pages/Spend';
import { Tenancy } from './pages/Tenancy';
import { Providers } from './pages/Providers';
import { Budgets } from './pages/Budgets';
import { Credits } from './pages/Credits';
import { Audit } from './pages/Audit';
import { Account } from './pages/Account';
import './styles.css';

const BASE = '/console';

const PAGES: { path: string; title: string; view: () => ReactNode }[] = [
  { path: '/', title: 'Dashboard', view: () => <Dashboard /> },
  { path: '/requests', title: 'Requests', view: () => <RequestLog /> },
  { path: '/keys', title: 'Keys', view: () => <Keys /> },
  { path: '/spend', title: 'Spend', view: () => <Spend /> },
  { path: '/tenancy', title: 'Teams & users', view: () => <Tenancy /> },
  { path: '/providers', title: 'Providers & models', view: () => <Providers /> },
  { path: '/budgets', title: 'Budgets', view: () => <Budgets /> },
  { path: '/credits', title: 'Codes & balances', view: () => <Credits /> },
  { path: '/audit', title: 'Audit log', view: () => <Audit /> },
];

function currentPath(): string {
  const p = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  return p === '' ? '/' : p;
}

export function navigate(path: string) {
  history.pushState(null, '', BASE + path);
  dispatchEvent(new PopStateEvent('popstate'));
}

function Link({ to, children }: { to: string; children: ReactNode }) {
  return (
    <a href={BASE + to} className={currentPath() === to ? 'active' : undefined}
      onClick={(e) => { e.preventDefault(); navigate(to); }}>{children}</a>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await admin.check(key.trim());
      session.setAdminKey(key.trim());
      onSignedIn();
    } catch (err: any) {
      setError(err.message);
    }
  };
  return (
    <div className="signin">
      <form onSubmit={submit} className="card">
        <h1>Tollgate console</h1>
        <p className="muted">Sign in with an admin key (<code>TOLLGATE_ADMIN_KEY</code>, <code>data/admin-key</code>,
          or one made with <code>tollgate admin admin-keys create</code>). It is kept in this tab only.</p>
        <label>Admin key <input name="admin-key" type="password" value={key} autoFocus
          onChange={(e) => setKey(e.target.value)} /></label>
        <button type="submit">Sign in</button>
        {error && <p className="error" role="alert">{error}</p>}
        <p className="muted">Customer of this gateway? <a href={BASE + '/account'}>Your account</a>.</p>
      </form>
    </div>
  );
}

function App() {
  const [path, setPath] = useState(currentPath());
  const [signedIn, setSignedIn] = useState(!!session.adminKey());
  useEffect(() => {
    const on = () => setPath(currentPath());
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  if (path === '/account' || path.startsWith('/account/')) return <Account />;
  if (!signedIn) return <SignIn onSignedIn={() => setSignedIn(true)} />;
  const page = PAGES.find((p) => p.path === path) ?? PAGES[0];
  return (
    <div className="layout">
      <nav>
        <div className="brand">Tollgate</div>
        {PAGES.map((p) => <Link key={p.path} to={p.path}>{p.title}</Link>)}
        <button className="link" onClick={() => { session.setAdminKey(null); setSignedIn(false); }}>Sign out</button>
      </nav>
      <main key={page.path}>
        <h1>{page.title}</h1>
        {page.view()}
      </main>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
