import { useState } from 'react';
import { admin, when } from '../api';
import { Card, ErrorLine, Table, useLoad } from '../ui';

/** Organisations, teams and users, with forms to add teams and users. */
export function Tenancy() {
  const orgs = useLoad(() => admin.get('/orgs?limit=200'), []);
  const teams = useLoad(() => admin.get('/teams?limit=200'), []);
  const users = useLoad(() => admin.get('/users?limit=200'), []);
  const [error, setError] = useState<string | null>(null);
  const [team, setTeam] = useState({ name: '', org_id: '' });
  const [user, setUser] = useState({ email: '', name: '', parent: '' });
  const act = async (f: () => Promise<unknown>, reload: () => void) => {
    setError(null);
    try { await f(); reload(); } catch (e: any) { setError(e.message); }
  };
  return (
    <>
      <ErrorLine error={error ?? orgs.error ?? teams.error ?? users.error} />
      <div className="grid">
        <Card title="Organisations">
          <Table rows={orgs.data?.data} columns={[
            { title: 'Name', render: (o: any) => o.name }, { title: 'Id', render: (o) => <code>{o.id}</code> },
            { title: 'Created', render: (o) => when(o.created_at) }]} />
        </Card>
        <Card title="Teams">
          <form className="toolbar" onSubmit={(e) => { e.preventDefault(); act(() => admin.post('/teams', team), teams.reload); }}>
            <input placeholder="team name" value={team.name} onChange={(e) => setTeam({ ...team, name: e.target.value })} />
            <input placeholder="org_…" value={team.org_id} onChange={(e) => setTeam({ ...team, org_id: e.target.value.trim() })} />
            <button type="submit">Add team</button>
          </form>
          <Table rows={teams.data?.data} columns={[
            { title: 'Name', render: (t: any) => t.name }, { title: 'Id', render: (t) => <code>{t.id}</code> },
            { title: 'Org', render: (t) => <code>{t.org_id}</code> }]} />
        </Card>
      </div>
      <Card title="Users">
        <form className="toolbar" onSubmit={(e) => {
          e.preventDefault();
          const body: any = { email: user.email, name: user.name };
          if (user.parent.startsWith('team_')) body.team_id = user.parent; else body.org_id = user.parent;
          act(() => admin.post('/users', body), users.reload);
        }}>
          <input placeholder="email" value={user.email} onChange={(e) => setUser({ ...user, email: e.target.value })} />
          <input placeholder="name" value={user.name} onChange={(e) => setUser({ ...user, name: e.target.value })} />
          <input placeholder="team_… or org_…" value={user.parent} onChange={(e) => setUser({ ...user, parent: e.target.value.trim() })} />
          <button type="submit">Add user</button>
        </form>
        <Table rows={users.data?.data} columns={[
          { title: 'Email', render: (u: any) => u.email }, { title: 'Name', render: (u) => u.name },
          { title: 'Id', render: (u) => <code>{u.id}</code> }, { title: 'Team', render: (u) => u.team_id ?? '—' },
          { title: 'Billing', render: (u) => u.billing }, { title: 'Pricing group', render: (u) => u.pricing_group ?? '—' }]} />
      </Card>
    </>
  );
}
