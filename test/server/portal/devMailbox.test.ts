/**
 * The local mailbox (server/portal/pages/devMailbox.ts) on a real server and PostgreSQL: with no mail
 * server and on this machine alone, the code it shows signs the person in; with a mail server, or on
 * a network address, the page is not there and no code can be read from it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shownCodesKept } from '../../../server/signIn/codeMail';
import { ensureAccounts } from '../../../store/accounts';
import { setPerson } from '../../../store/people';
import { launchChromium, pageAudits, personIn, scrollsSideways } from '../../support/chromium';
import { sessionCookieOf, startSignInServer, type TestSignInServer } from '../../support/signInServer';
import { TestSmtpServer } from '../../support/smtp';

let smtp: TestSmtpServer;
let browser: Browser;
const servers: TestSignInServer[] = [];
const audits = pageAudits(() => browser);
beforeAll(async () => {
  [smtp, browser] = await Promise.all([TestSmtpServer.start(), launchChromium()]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all([smtp?.down(), browser?.close()]);
});

async function server(options: Parameters<typeof startSignInServer>[0] = {}): Promise<TestSignInServer> {
  const started = await startSignInServer(options);
  servers.push(started);
  await setPerson(started.store.db, 'm-ben', { email: 'ben@example.org', name: 'Ben Carter' });
  await ensureAccounts(started.store.db, ['m-ben'], 'roster');
  return started;
}

/** The page as text, and the codes its table shows for `address` ("123 456" as it prints them). */
async function mailbox(s: TestSignInServer): Promise<{ status: number; text: string; codesFor(address: string): string[] }> {
  const page = await s.get('/dev/mailbox');
  const text = String(page.body);
  return {
    status: page.status,
    text,
    codesFor: (address) => [...text.matchAll(/<td[^>]*>([^<]*)<\/td>\s*<td[^>]*><code>(\d{3} \d{3})<\/code>/g)].filter((m) => m[1]!.trim() === address).map((m) => m[2]!.replace(' ', '')),
  };
}

describe('the local mailbox', () => {
  it('with no mail server, on this machine: shows the code asked for, which signs the person in, newest first and no more than it keeps', async () => {
    const s = await server();
    const empty = await mailbox(s);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('No code has been asked for since the server started.');

    expect((await s.post('/api/sign-in/code', { email: 'ben@example.org' })).status).toBe(202);
    const [code] = (await mailbox(s)).codesFor('ben@example.org');
    expect(code).toMatch(/^\d{6}$/);
    const signedIn = await s.post('/api/sign-in/verify', { email: 'ben@example.org', code, client: 'browser' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ personId: 'm-ben' });
    expect((await s.get('/api/me', { cookie: sessionCookieOf(signedIn.headers) })).body).toMatchObject({ personId: 'm-ben' });

    // A second code comes first; the page never lists more than it keeps.
    expect((await s.post('/api/sign-in/code', { email: 'ben@example.org' })).status).toBe(202);
    const after = await mailbox(s);
    const listed = after.codesFor('ben@example.org');
    expect(listed).toHaveLength(2);
    expect(listed[1]).toBe(code);
    expect(listed.length).toBeLessThanOrEqual(shownCodesKept);
    expect((await s.get('/dev/mailbox')).headers.get('cache-control')).toBe('no-store');
  });

  it('with a mail server: no page, and the code goes by mail alone', async () => {
    const s = await server({ smtp });
    expect((await s.post('/api/sign-in/code', { email: 'ben@example.org' })).status).toBe(202);
    const page = await mailbox(s);
    expect(page.status).toBe(404);
    expect(page.text).not.toMatch(/\d{3} \d{3}/);
    expect(smtp.to('ben@example.org').length).toBeGreaterThan(0);
  });

  it('open to a network (listening on every address): no page, even with no mail server', async () => {
    const s = await server({ host: '0.0.0.0' });
    expect((await s.post('/api/sign-in/code', { email: 'ben@example.org' })).status).toBe(202);
    const page = await mailbox(s);
    expect(page.status).toBe(404);
    expect(page.text).not.toMatch(/\d{3} \d{3}/);
  });

  it('in a browser on a 320 px phone with JavaScript off: the code page points to the mailbox, whose code signs the newcomer in (back on the page they came from)', async () => {
    const s = await server();
    const context = await personIn(browser, { javaScript: false, phone: true });
    try {
      const page = await context.newPage();
      const box = await context.newPage();
      await box.goto(`${s.url}/dev/mailbox`);
      await audits.audit(box, 'empty');

      await page.goto(`${s.url}/sign-in?then=/open-data`);
      await page.fill('#email', 'ben@example.org');
      await page.locator('main button').first().click();
      const link = page.locator('main a', { hasText: 'local mailbox' });
      expect(await link.getAttribute('href')).toBe('/dev/mailbox');
      await audits.audit(page, 'filled');

      await box.goto(`${s.url}/dev/mailbox`);
      await audits.audit(box, 'confirmed');
      expect(await scrollsSideways(box)).toBe(false);
      const code = (await box.locator('td code').first().textContent())!;
      expect(code).toMatch(/^\d{3} \d{3}$/);

      await page.fill('#code', code);
      await page.locator('main button').first().click();
      expect(new URL(page.url()).pathname).toBe('/open-data');
      expect(await page.locator('form[action="/sign-out"]').count()).toBe(1);
    } finally {
      await context.close();
    }
    expect(audits.audited.map((a) => a.state)).toEqual(['empty', 'filled', 'confirmed']);
    expect(audits.audited.flatMap((a) => a.violations.map((v) => `${a.url} (${a.state}): ${v.id}: ${v.help}`))).toEqual([]);
  });
});
