import { useCallback, useEffect, useState, type ReactNode } from 'react';

/** Loads with `load` when `deps` change; `reload` runs it again (after a create or revoke). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    load().then((d) => live && setData(d), (e) => live && setError(String(e.message ?? e)));
    return () => { live = false; };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, reload };
}

export interface Column<T> { title: string; render: (row: T) => ReactNode }

export function Table<T>({ rows, columns, onRow, testId, empty = 'Nothing yet.' }: {
  rows: T[] | undefined | null; columns: Column<T>[]; onRow?: (row: T) => void; testId?: string; empty?: string;
}) {
  if (!rows) return <p className="muted">Loading…</p>;
  if (rows.length === 0) return <p className="muted" data-testid={testId}>{empty}</p>;
  return (
    <table data-testid={testId}>
      <thead><tr>{columns.map((c) => <th key={c.title}>{c.title}</th>)}</tr></thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} onClick={onRow ? () => onRow(r) : undefined} className={onRow ? 'clickable' : undefined}>
            {columns.map((c) => <td key={c.title}>{c.render(r)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ErrorLine({ error }: { error: string | null }) {
  return error ? <p className="error" role="alert">{error}</p> : null;
}

export function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return <section className="card" data-testid={testId}><h2>{title}</h2>{children}</section>;
}

export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return <div className="stat"><div className="stat-label">{label}</div><div className="stat-value" data-testid={testId}>{value}</div></div>;
}

/** Shows a secret the API will never show again, with a reminder to copy it now. */
export function ShownOnce({ label, values, onDone }: { label: string; values: string[]; onDone: () => void }) {
  return (
    <div className="shown-once" role="status">
      <strong>{label}</strong> Copy it now: it is shown this one time only.
      {values.map((v) => <code key={v} data-testid="secret">{v}</code>)}
      <button onClick={onDone}>Done</button>
    </div>
  );
}
