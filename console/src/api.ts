// The console's only link to the gateway: the admin API (admin key) and the customer API (gateway key).
// Keys live in sessionStorage, so they are gone when the tab closes; the gateway keeps no console session.

const ADMIN_KEY = 'tollgate.adminKey';
const ACCOUNT_KEY = 'tollgate.accountKey';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly code?: string) {
    super(message);
  }
}

export const session = {
  adminKey: () => sessionStorage.getItem(ADMIN_KEY),
  setAdminKey: (k: string | null) => (k ? sessionStorage.setItem(ADMIN_KEY, k) : sessionStorage.removeItem(ADMIN_KEY)),
  accountKey: () => sessionStorage.getItem(ACCOUNT_KEY),
  setAccountKey: (k: string | null) =>
    k ? sessionStorage.setItem(ACCOUNT_KEY, k) : sessionStorage.removeItem(ACCOUNT_KEY),
};

async function call<T>(key: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = json?.error ?? {};
    throw new ApiError(res.status, err.message ?? `HTTP ${res.status}`, err.code);
  }
  return json as T;
}

export const admin = {
  get: <T = any>(path: string) => call<T>(session.adminKey(), 'GET', `/admin/v1${path}`),
  post: <T = any>(path: string, body: unknown = {}) => call<T>(session.adminKey(), 'POST', `/admin/v1${path}`, body),
  /** Checks a key before keeping it: any admin identity may read /routing/health. */
  check: (key: string) => call(key, 'GET', '/admin/v1/routing/health'),
};

export const account = {
  get: <T = any>(path: string) => call<T>(session.accountKey(), 'GET', `/account/v1/${path}`),
  post: <T = any>(path: string, body: unknown) => call<T>(session.accountKey(), 'POST', `/account/v1/${path}`, body),
  check: (key: string) => call(key, 'GET', '/account/v1/balance'),
};

export type Query = Record<string, string | number | undefined | null>;

export function qs(q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Money arrives as integer nano-USD; shown in dollars, never summed as floats. */
export function usd(nano: number | null | undefined, digits = 6): string {
  if (nano === null || nano === undefined) return '—';
  const negative = nano < 0;
  const n = BigInt(Math.abs(Math.trunc(nano)));
  const whole = n / 1_000_000_000n;
  const frac = (n % 1_000_000_000n).toString().padStart(9, '0').slice(0, digits);
  return `${negative ? '-' : ''}$${whole.toLocaleString('en-US')}.${frac}`;
}

/** Axis labels for small amounts: $0.000012 rather than 1.2E-5. */
export function dollars(v: number): string {
  if (v === 0) return '$0';
  return '$' + (Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
