/**
 * Signing in at an organisation's identity provider by OpenID Connect: the authorization code flow
 * with PKCE (S256), a state and a nonce, through openid-client (the OpenID Foundation certified
 * relying party library for Node, by the author of oidc-provider; it checks the ID token's issuer,
 * audience, signature, expiry and nonce). The provider is discovered from its issuer on first use and
 * again after a failure, so a provider that is down at start does not stop the engine.
 *
 * What the person brings back is an identity (issuer and subject) and, from the userinfo endpoint, an
 * address; routes/oidc.ts turns it into an account.
 */
import * as client from 'openid-client';
import { ApiError } from '../errors';
import type { OidcSettings } from '../settings';

/** What a sign-in in progress keeps in its (signed, HttpOnly) cookie until the person comes back. */
export interface OidcTransaction {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  /** Where to go once signed in: a path of ours. */
  readonly next: string;
}

/** Who the provider says came back. */
export interface ProviderIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly email?: string;
  /** False when the provider says it has not checked the address. */
  readonly emailVerified?: boolean;
  readonly name?: string;
}

export interface OidcSignIn {
  readonly label: string;
  /** The provider's address to send the person to, and what to keep until they come back. */
  start(next: string): Promise<{ url: URL; transaction: OidcTransaction }>;
  /**
   * Finishes the sign-in from the address the provider sent the person back to.
   *
   * @throws ApiError 400 SignInNotFinished (refused, cancelled, or not this sign-in), 503 ProviderUnavailable.
   */
  finish(query: string, transaction: OidcTransaction): Promise<ProviderIdentity>;
}

/** Plain http: settings.ts takes it only for an issuer on this machine. */
const isPlainHttp = (url: URL) => url.protocol === 'http:';

/**
 * The sign-in for `settings`.
 *
 * @example
 * const oidc = oidcSignIn(settings.oidc);
 */
export function oidcSignIn(settings: OidcSettings): OidcSignIn {
  let discovered: Promise<client.Configuration> | undefined;
  const unavailable = (err: unknown) =>
    new ApiError(503, 'ProviderUnavailable', `Signing in with ${settings.label} is not possible just now: the identity provider did not answer (${firstLine(err)}). Sign in with an emailed code instead, or try again later.`);

  const configuration = (): Promise<client.Configuration> => {
    discovered ??= client
      .discovery(
        settings.issuer,
        settings.clientId,
        { redirect_uris: [settings.redirectUri], response_types: ['code'], ...(settings.clientSecret ? { client_secret: settings.clientSecret } : {}) },
        settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
        // settings.ts accepts plain http for an issuer on this machine only (trying it out, the tests).
        isPlainHttp(settings.issuer) ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
      )
      .catch((err: unknown) => {
        discovered = undefined;
        throw unavailable(err);
      });
    return discovered;
  };

  return {
    label: settings.label,
    async start(next) {
      const config = await configuration();
      const transaction: OidcTransaction = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(transaction.verifier),
        code_challenge_method: 'S256',
        state: transaction.state,
        nonce: transaction.nonce,
      });
      return { url, transaction };
    },
    async finish(query, transaction) {
      const config = await configuration();
      const current = new URL(`${settings.redirectUri}?${query}`);
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: transaction.verifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        if (err instanceof client.AuthorizationResponseError || err instanceof client.ResponseBodyError)
          throw new ApiError(400, 'SignInNotFinished', `Signing in with ${settings.label} did not finish: ${err.error_description ?? err.error}. Start again from the sign-in page.`);
        if (err instanceof client.ClientError) throw new ApiError(400, 'SignInNotFinished', `Signing in with ${settings.label} did not finish: what came back could not be checked (${firstLine(err)}). Start again from the sign-in page.`);
        throw unavailable(err);
      }
      const claims = tokens.claims();
      if (!claims) throw new ApiError(400, 'SignInNotFinished', `Signing in with ${settings.label} did not finish: the provider did not say who you are. Start again from the sign-in page.`);
      // Scoped claims (email, name) come from userinfo: providers that follow the standard keep them out of the ID token.
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub).catch((err: unknown) => {
        throw unavailable(err);
      });
      const email = typeof info.email === 'string' ? info.email : typeof claims.email === 'string' ? claims.email : undefined;
      const verified = info.email_verified ?? claims.email_verified;
      const name = typeof info.name === 'string' ? info.name : undefined;
      return {
        issuer: claims.iss,
        subject: claims.sub,
        ...(email ? { email } : {}),
        ...(typeof verified === 'boolean' ? { emailVerified: verified } : {}),
        ...(name ? { name } : {}),
      };
    },
  };
}

const firstLine = (err: unknown) => String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 160);
