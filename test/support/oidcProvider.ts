/**
 * A real OpenID Connect provider for tests: the `oidc-provider` package (a certified OpenID Provider)
 * on a free port of 127.0.0.1, with one confidential client (the engine) and the accounts a test
 * gives. Its own development sign-in pages take any account id as the login, which is what a test's
 * browser types (./browser.ts).
 */
import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from './faults';

export interface ProviderAccount {
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly name?: string;
}

export interface RunningProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  close(): Promise<void>;
}

/**
 * Starts the provider; `redirectUri` is the engine's callback, the one address it will send people back to.
 *
 * @example
 * const provider = await startOidcProvider({ redirectUri, accounts: { 'chen': { email: 'chen@example.org', email_verified: true } } });
 */
export async function startOidcProvider(options: { readonly redirectUri: string; readonly accounts: Readonly<Record<string, ProviderAccount>> }): Promise<RunningProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'insight-governance';
  const clientSecret = 'a-client-secret-the-provider-gave-us-0123456789';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [options.redirectUri], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx, id) => {
      const account = options.accounts[id];
      return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined;
    },
    pkce: { required: () => true },
    cookies: { keys: ['a-cookie-key-for-the-test-provider'] },
    features: { devInteractions: { enabled: true } },
    // Lifetimes set, so that the provider does not note each default it falls back to.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  const server: Server = await new Promise((listening) => {
    const s = provider.listen(port, '127.0.0.1', () => listening(s));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
