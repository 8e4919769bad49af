// End-to-end test of the web console in headless Chromium (Debian's, through playwright-core), run by
// ConsoleBrowserTest (testkit) against a real gateway and provider simulator. It signs in, creates a key, calls
// the gateway with it through the official OpenAI SDK, finds the call in the request log and on the dashboard's
// charts, revokes the key and checks that the next call is refused. It prints one JSON line of what it saw
// (the assertions live in Java) and writes every admin/customer API answer the pages fetched to
// $TOLLGATE_CAPTURE, so the Java side can check that no upstream key and no request body is among them.
//
// Environment: TOLLGATE_URL, TOLLGATE_ADMIN_KEY, TOLLGATE_CHROMIUM (executable), TOLLGATE_MARKER (text put in
// the prompt), TOLLGATE_CAPTURE (file), TOLLGATE_SCREENSHOTS (optional directory for PNGs of the main pages).
import { chromium } from 'playwright-core';
import OpenAI from 'openai';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const base = env('TOLLGATE_URL');
const adminKey = env('TOLLGATE_ADMIN_KEY');
const marker = env('TOLLGATE_MARKER');
const shots = process.env.TOLLGATE_SCREENSHOTS;
if (shots) mkdirSync(shots, { recursive: true });

const result = { steps: [] };
const captured = [];
const pending = [];
const step = (name) => result.steps.push(name);

async function adminApi(method, path, body) {
  const res = await fetch(`${base}/admin/v1${path}`, {
    method, headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Polls `check` until it returns a truthy value or the deadline passes (booking is asynchronous). */
async function eventually(what, check, ms = 20000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const browser = await chromium.launch({
  executablePath: env('TOLLGATE_CHROMIUM'), headless: true,
  // as root (CI, containers) Chromium refuses to start with its sandbox
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => d.accept()); // the revoke confirmation
  const capture = (res) => {
    const url = res.url();
    if (url.includes('/admin/v1/') || url.includes('/account/v1/')) {
      pending.push(res.text().then((body) => captured.push({ url, status: res.status(), body }), () => {}));
    }
  };
  context.on('response', capture);
  const shot = async (name) => {
    if (!shots) return;
    // clicking a button at a wide table's right edge scrolls its card: show each page from its left edge
    await page.evaluate(() => document.querySelectorAll('.card').forEach((c) => { c.scrollLeft = 0; }));
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  };
  const go = async (title) => {
    await page.getByRole('navigation').getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  };

  // ---- sign in
  const first = await page.goto(`${base}/console/`);
  result.indexCacheControl = first.headers()['cache-control'];
  result.indexContentType = first.headers()['content-type'];
  await page.getByLabel('Admin key').fill('tga-wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  result.wrongKeyError = await page.getByRole('alert').textContent();
  await shot('sign-in');
  await page.getByLabel('Admin key').fill(adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  step('signed in');

  // ---- create a key: the plaintext is on the page once
  await go('Keys');
  await page.locator('input[name=key-name]').fill('console-e2e');
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = (await page.getByTestId('secret').textContent()).trim();
  const label = await page.locator('.shown-once strong').textContent();
  const keyId = label.match(/\((key_[0-9a-f]+)\)/)[1];
  result.keyId = keyId;
  result.keyPrefixOk = secret.startsWith('tg-');
  step('created key');

  // ---- the key works with the official OpenAI SDK
  const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: secret, maxRetries: 0 });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Say hello. ${marker}` }],
  });
  result.requestId = completion._request_id;
  result.completionText = completion.choices[0].message.content;
  step('called with the SDK');

  // a little more traffic for the pages to show: another model, a stream, an upstream failure, the database's
  // provider (whose key is the canary too), and a team member's calls; a budget on the team
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: marker }] });
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: marker }] });
  for await (const _ of stream) { /* drain */ }
  await client.chat.completions.create({ model: 'broken-500', messages: [{ role: 'user', content: marker }] }).catch(() => {});
  await client.chat.completions.create({ model: 'gpt-4o-mini-db', messages: [{ role: 'user', content: marker }] });
  const org = await adminApi('POST', '/orgs', { name: 'Acme' });
  const team = await adminApi('POST', '/teams', { org_id: org.id, name: 'search' });
  const user = await adminApi('POST', '/users', { team_id: team.id, email: 'alice@example.com', name: 'Alice', billing: 'prepaid' });
  await adminApi('POST', '/users', { team_id: team.id, email: 'bob@example.com', name: 'Bob' });
  const userKey = await adminApi('POST', '/keys', { name: 'alice', user_id: user.id });
  await adminApi('POST', '/users/' + user.id + '/credits', { amount_usd: '1' });
  // the credit reaches the ledger through its change poller, within a second or so
  const alice = new OpenAI({ baseURL: `${base}/v1`, apiKey: userKey.key, maxRetries: 0 });
  await eventually('the credit to reach the ledger', () => alice.chat.completions.create({
    model: 'gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: marker }] })
    .then(() => true, (e) => { if (e.status === 402) return false; throw e; }));
  await adminApi('POST', '/budgets', { scope_kind: 'team', scope_id: team.id, amount_nano_usd: 50_000_000_000,
    period: 'monthly', alert_thresholds: [50, 80, 100] });
  const batch = await adminApi('POST', '/redemption-codes', { count: 3, amount_usd: '5' });

  // ---- the call shows up in the request log, with a detail view
  await go('Requests');
  const row = await eventually('the call in the request log', async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId('request-log').waitFor();
    const r = page.getByTestId('request-log').locator('tr', { hasText: result.requestId });
    return (await r.count()) > 0 ? r : null;
  });
  await row.first().click();
  result.detailText = await page.getByTestId('request-detail').textContent();
  await shot('requests');
  step('found the call in the log');

  // ---- and on the dashboard: request count and spend chart
  await go('Dashboard');
  await page.getByTestId('chart-spend').waitFor();
  await eventually('the dashboard totals', async () => (await page.getByTestId('total-requests').textContent()) !== '…');
  result.dashboardRequests = Number(await page.getByTestId('total-requests').textContent());
  result.dashboardCost = await page.getByTestId('total-cost').textContent();
  result.spendChartTotals = (await page.getByTestId('chart-spend').getAttribute('data-totals')).split(',').map(Number);
  result.requestsChartTotals = (await page.getByTestId('chart-requests').getAttribute('data-totals')).split(',').map(Number);
  await shot('dashboard');
  step('saw the dashboard');

  await go('Spend');
  await page.getByTestId('spend-table').waitFor();
  result.spendTable = await page.getByTestId('spend-table').textContent();
  await shot('spend');

  for (const [title, name] of [['Teams & users', 'teams-users'], ['Providers & models', 'providers'],
    ['Budgets', 'budgets'], ['Codes & balances', 'codes'], ['Audit log', 'audit']]) {
    await go(title);
    await page.waitForFunction(() => !document.body.innerText.includes('Loading…'), null, { timeout: 10000 })
      .catch(async () => { throw new Error(`${title}: still loading after 10 s: ${await page.innerText('body')}`); });
    await shot(name);
  }
  result.providersText = await (async () => { await go('Providers & models'); await page.getByTestId('providers').waitFor(); return page.getByTestId('providers').textContent(); })();

  // ---- revoke the key: the next call is refused
  await go('Keys');
  await page.getByTestId(`revoke-${keyId}`).click();
  await page.getByTestId(`state-${keyId}`).filter({ hasText: 'revoked' }).waitFor();
  await shot('keys');
  try {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'again' }] });
    result.afterRevokeStatus = 200;
  } catch (e) {
    result.afterRevokeStatus = e.status;
  }
  step('revoked the key');

  // ---- the customer page: a prepaid user signs in with their key and tops up with a code
  const customer = await context.newPage();
  customer.on('pageerror', (e) => errors.push(String(e)));
  await customer.goto(`${base}/console/account`);
  await customer.getByLabel('API key').fill(userKey.key);
  await customer.getByRole('button', { name: 'Sign in' }).click();
  await customer.locator('input[name=code]').fill(batch.codes[0]);
  await customer.getByRole('button', { name: 'Redeem' }).click();
  await customer.getByRole('status').waitFor();
  await eventually('the new balance', async () => (await customer.getByTestId('balance').textContent()).startsWith('$5.'));
  result.customerBalance = await customer.getByTestId('balance').textContent();
  if (shots) await customer.screenshot({ path: join(shots, 'account.png'), fullPage: true });
  step('customer redeemed a code');

  result.pageErrors = errors;
} finally {
  await Promise.all(pending);
  await browser.close();
}
await Promise.all(pending);
writeFileSync(env('TOLLGATE_CAPTURE'), JSON.stringify(captured));
result.captured = captured.length;
console.log(JSON.stringify(result));
