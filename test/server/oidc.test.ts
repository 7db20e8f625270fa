/**
 * Signing in at an organisation's identity provider, against a real OpenID Connect provider
 * (`oidc-provider`, started here) and the engine's HTTP server on a real PostgreSQL: a browser goes
 * to the provider, signs in on its pages, consents, and comes back signed in as the person whose
 * address the provider vouches for; next time the provider's subject alone finds them. A sign-in that
 * was not started here, or whose state was changed on the way, is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAccounts } from '../../store/accounts';
import { setPerson } from '../../store/people';
import { TestBrowser } from '../support/browser';
import { startOidcProvider, type RunningProvider } from '../support/oidcProvider';
import { serverAddress, startSignInServer, type TestSignInServer } from '../support/signInServer';
import { TestSmtpServer } from '../support/smtp';

let smtp: TestSmtpServer;
let provider: RunningProvider;
let engine: TestSignInServer;

beforeAll(async () => {
  smtp = await TestSmtpServer.start();
  const address = await serverAddress();
  provider = await startOidcProvider({
    redirectUri: address.callback,
    accounts: {
      'chen.wei': { email: 'Chen.Wei@council.example', email_verified: true, name: 'Chen Wei' },
      'new.starter': { email: 'new.starter@council.example', email_verified: true, name: 'Nia Starter' },
      unchecked: { email: 'unchecked@council.example', email_verified: false },
      'no-address': { name: 'Nobody Known' },
    },
  });
  engine = await startSignInServer({
    smtp,
    address,
    oidc: { issuer: new URL(provider.issuer), clientId: provider.clientId, clientSecret: provider.clientSecret, label: 'Example Council staff account' },
  });
  await setPerson(engine.store.db, 'm-chen', { email: 'chen.wei@council.example', name: 'Chen Wei' });
  await ensureAccounts(engine.store.db, ['m-chen'], 'roster');
});

afterAll(async () => {
  await engine?.close();
  await provider?.close();
  await smtp?.down();
});

/** A browser that starts at the engine, signs in at the provider as `login` and consents; answers where it ended. */
async function signInAtProvider(browser: TestBrowser, login: string, start = '/api/sign-in/oidc') {
  const loginPage = await browser.follow(`${engine.url}${start}`);
  expect(new URL(loginPage.url).origin, 'the engine sends the browser to the provider').toBe(provider.issuer);
  const authorize = new URL(browser.visited[1]!);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(authorize.searchParams.get('state')).toBeTruthy();
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  const consentPage = await browser.submit(loginPage.url, await loginPage.response.text(), { login, password: 'any' });
  return browser.submit(consentPage.url, await consentPage.response.text());
}

describe('signing in with an organisation’s identity provider (OpenID Connect)', () => {
  it('signs a member in by the address the provider vouches for, then by the provider’s subject', async () => {
    const browser = new TestBrowser();
    const landed = await signInAtProvider(browser, 'chen.wei', '/api/sign-in/oidc?next=%2Fapi%2Fme');
    expect(landed.url).toBe(`${engine.url}/api/me`);
    expect(landed.response.status).toBe(200);
    expect(await landed.response.json()).toMatchObject({ personId: 'm-chen', name: 'Chen Wei', account: { origin: 'roster' }, signedIn: { method: 'oidc', client: 'browser' } });
    const session = browser.cookies(engine.url).get('__Host-govern-session');
    expect(session).toBeTruthy();
    expect(browser.cookies(engine.url).has('govern-oidc'), 'the sign-in under way is forgotten once it is done').toBe(false);

    // The secretariat changes Chen's address; the provider's subject still says who it is.
    await setPerson(engine.store.db, 'm-chen', { email: 'chen@elsewhere.example' });
    const again = await signInAtProvider(new TestBrowser(), 'chen.wei');
    expect(await again.response.json()).toMatchObject({ personId: 'm-chen', signedIn: { method: 'oidc' } });
  });

  it('makes an account for someone at the provider the engine did not know', async () => {
    const landed = await signInAtProvider(new TestBrowser(), 'new.starter');
    expect(await landed.response.json()).toMatchObject({ personId: expect.stringMatching(/^p-/), name: 'Nia Starter', email: 'new.starter@council.example', account: { origin: 'public' } });
  });

  it('refuses an address the provider has not confirmed, and a person it gives no address for', async () => {
    const unchecked = await signInAtProvider(new TestBrowser(), 'unchecked');
    expect(unchecked.response.status).toBe(400);
    expect(await unchecked.response.json()).toEqual({ error: 'AddressNotConfirmed', message: 'Example Council staff account says your email address is not confirmed. Confirm it there, or sign in with a code sent by email.' });
    const nobody = await signInAtProvider(new TestBrowser(), 'no-address');
    expect(await nobody.response.json()).toMatchObject({ error: 'NoAddress' });
  });

  it('refuses a sign-in that was not started in this browser, or whose state was changed on the way back', async () => {
    const browser = new TestBrowser();
    const loginPage = await browser.follow(`${engine.url}/api/sign-in/oidc`);
    const consentPage = await browser.submit(loginPage.url, await loginPage.response.text(), { login: 'chen.wei', password: 'any' });
    // Stop before coming back: take the provider's answer and change its state.
    const consentForm = await consentPage.response.text();
    const action = new URL(/action="([^"]+)"/.exec(consentForm)![1]!, consentPage.url).href;
    let response = await browser.request(action, { method: 'POST', body: new URLSearchParams({ prompt: 'consent' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    let at = action;
    while (!new URL(at).pathname.endsWith('/callback')) {
      at = new URL(response.headers.get('location')!, at).href;
      if (new URL(at).pathname.endsWith('/callback')) break;
      response = await browser.request(at);
    }
    const callback = new URL(at);
    expect(callback.searchParams.get('code')).toBeTruthy();

    const elsewhere = await new TestBrowser().request(callback.href);
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.json()).toEqual({ error: 'SignInNotFinished', message: 'This sign-in with Example Council staff account was not started here, or took longer than 10 minutes. Start again from the sign-in page.' });

    callback.searchParams.set('state', 'changed-on-the-way');
    const changed = await browser.request(callback.href);
    expect(changed.status).toBe(400);
    expect(await changed.json()).toMatchObject({ error: 'SignInNotFinished', message: expect.stringContaining('Signing in with Example Council staff account did not finish') });
    expect(changed.headers.getSetCookie().some((c) => c.startsWith('__Host-govern-session=')), 'no session').toBe(false);
  });

  it('sends people only to its own pages afterwards', async () => {
    const away = await fetch(`${engine.url}/api/sign-in/oidc?next=${encodeURIComponent('//evil.example/')}`, { redirect: 'manual' });
    expect(away.status).toBe(400);
    expect(await away.json()).toEqual({ error: 'InvalidInput', message: 'Cannot start signing in: next: next is a path of the engine, starting with one /, e.g. /reviews.' });
  });
});
