/**
 * The HTTP server's settings, checked at start: where it listens (GOVERN_HTTP_HOST, GOVERN_HTTP_PORT),
 * which reverse proxies it trusts to say a client's address (GOVERN_TRUST_PROXY), where its secret is
 * kept (GOVERN_SERVER_SECRET_FILE) and, where an organisation has one, its identity provider
 * (GOVERN_OIDC_*). A setting that cannot work stops the start with what to set, as the database and
 * mail settings do; a secret is never repeated in a message.
 */
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { dataDir } from '../client/settings';
import { mailSettingsFrom } from '../mail/settings';
import { knownZone } from './portal/dates';

/** A server setting that cannot work; the message says what is wrong and what to set. */
export class ServerSettingsError extends Error {
  override name = 'ServerSettingsError';
}

/** The server could not listen where its settings say; the message says what to do. */
export class HttpListenError extends Error {
  override name = 'HttpListenError';
}

/** An organisation's OpenID Connect provider: people sign in there and come back signed in. */
export interface OidcSettings {
  /** The issuer, as the provider names itself (its discovery document is under it). */
  readonly issuer: URL;
  readonly clientId: string;
  /** Absent for a public client, which proves itself by PKCE alone. */
  readonly clientSecret?: string;
  /** What the sign-in page calls it, e.g. "Example Council staff account". */
  readonly label: string;
  /** Where the provider sends people back: under the public address. */
  readonly redirectUri: string;
}

export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  /** The address people open, without a trailing slash (GOVERN_PUBLIC_URL, shared with mail's links). */
  readonly publicUrl: string;
  /** Reverse proxies whose X-Forwarded-For names the client (addresses or ranges); none by default. */
  readonly trustProxy: readonly string[];
  /** The file of the server's own secret (hashes sign-in codes, signs its cookies). */
  readonly secretFile: string;
  readonly oidc?: OidcSettings;
  /** The zone the portal shows dates in (GOVERN_TIME_ZONE, an IANA name; Europe/London by default). */
  readonly timeZone: string;
}

export const defaultTimeZone = 'Europe/London';

export const defaultHttpPort = 8080;
export const defaultHttpHost = '127.0.0.1';
/** Where an identity provider sends people back, under the public address. */
export const oidcCallbackPath = '/api/sign-in/oidc/callback';

/** An address only this machine reaches. */
export const isLoopback = (hostname: string) => hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);

function port(raw: string | undefined): number {
  const value = raw?.trim();
  if (!value) return defaultHttpPort;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65_535)
    throw new ServerSettingsError(`GOVERN_HTTP_PORT is "${value.slice(0, 40)}": set it to a port number from 1 to 65535, or unset it for ${defaultHttpPort}.`);
  return n;
}

function host(raw: string | undefined): string {
  const value = raw?.trim();
  if (!value) return defaultHttpHost;
  if (!isIP(value) && !/^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(value))
    throw new ServerSettingsError(
      `GOVERN_HTTP_HOST is "${value.slice(0, 80)}", not an address to listen on: set it to 0.0.0.0 (every address of this machine), an address such as 10.0.0.5, or unset it for ${defaultHttpHost} (this machine only).`,
    );
  return value;
}

/** Addresses or CIDR ranges, comma-separated: "10.0.0.1, 192.168.0.0/16". */
function trustProxy(raw: string | undefined): string[] {
  const value = raw?.trim();
  if (!value) return [];
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const max = family === 6 ? 128 : 32;
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (!family || !okBits || extra !== undefined)
      throw new ServerSettingsError(
        `GOVERN_TRUST_PROXY has "${entry.slice(0, 60)}", which is not an address or range: list the addresses of your reverse proxies, e.g. 10.0.0.1 or 10.0.0.0/24, separated by commas, or unset it when people reach the server directly.`,
      );
  }
  return entries;
}

/** The identity provider's settings, when GOVERN_OIDC_ISSUER names one. */
function oidc(env: NodeJS.ProcessEnv, publicUrl: string): OidcSettings | undefined {
  const issuerRaw = env.GOVERN_OIDC_ISSUER?.trim();
  const clientId = env.GOVERN_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.GOVERN_OIDC_CLIENT_SECRET?.trim();
  const label = env.GOVERN_OIDC_LABEL?.trim();
  if (!issuerRaw) {
    if (clientId || clientSecret)
      throw new ServerSettingsError('GOVERN_OIDC_CLIENT_ID is set but GOVERN_OIDC_ISSUER is not: set GOVERN_OIDC_ISSUER to your identity provider (e.g. https://login.example.org/realms/staff), or unset the GOVERN_OIDC_* settings to sign in by emailed code only.');
    return undefined;
  }
  let issuer: URL;
  try {
    issuer = new URL(issuerRaw);
  } catch {
    throw new ServerSettingsError(`GOVERN_OIDC_ISSUER is "${issuerRaw.slice(0, 80)}", not an address: set it to your identity provider's issuer, e.g. https://login.example.org/realms/staff.`);
  }
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && isLoopback(issuer.hostname)))
    throw new ServerSettingsError(`GOVERN_OIDC_ISSUER (${issuer.origin}) must be an https:// address: sign-in answers from an identity provider are only trusted over https (http is accepted on this machine alone, for trying it out).`);
  if (issuer.search || issuer.hash) throw new ServerSettingsError(`GOVERN_OIDC_ISSUER (${issuer.origin}${issuer.pathname}) has a query or fragment: give the issuer alone, as your identity provider names it.`);
  if (!clientId) throw new ServerSettingsError('GOVERN_OIDC_ISSUER is set but GOVERN_OIDC_CLIENT_ID is not: register the engine with your identity provider as a client and set GOVERN_OIDC_CLIENT_ID (and GOVERN_OIDC_CLIENT_SECRET if it gave you one).');
  if (clientId.length > 200 || /[\s]/.test(clientId)) throw new ServerSettingsError('GOVERN_OIDC_CLIENT_ID is not a client id: copy it from your identity provider (it has no spaces and at most 200 characters).');
  if (clientSecret !== undefined && clientSecret !== '' && clientSecret.length > 2000) throw new ServerSettingsError('GOVERN_OIDC_CLIENT_SECRET is longer than 2,000 characters: copy it from your identity provider again.');
  if (label !== undefined && (label.length > 80 || /[\r\n]/.test(label))) throw new ServerSettingsError('GOVERN_OIDC_LABEL is the name people see on the sign-in button: keep it to one line of 80 characters or fewer, e.g. "Example Council staff account".');
  return {
    issuer,
    clientId,
    ...(clientSecret ? { clientSecret } : {}),
    label: label || `your organisation's account (${issuer.hostname})`,
    redirectUri: `${publicUrl}${oidcCallbackPath}`,
  };
}

function timeZone(raw: string | undefined): string {
  const value = raw?.trim();
  if (!value) return defaultTimeZone;
  const known = knownZone(value);
  if (!known)
    throw new ServerSettingsError(`GOVERN_TIME_ZONE is "${value.slice(0, 60)}", which is not a time zone: set it to a zone's name such as Europe/London or America/New_York, or unset it for ${defaultTimeZone}.`);
  return known;
}

/**
 * The server settings in `env`; the public address is mail's (GOVERN_PUBLIC_URL), checked there.
 *
 * @throws ServerSettingsError (or MailSettingsError for GOVERN_PUBLIC_URL) naming what is wrong and what to set.
 * @example
 * const settings = serverSettingsFrom(process.env, { dataDir: '.data' });
 */
export function serverSettingsFrom(env: NodeJS.ProcessEnv, paths: { readonly dataDir: string }): ServerSettings {
  const { publicUrl } = mailSettingsFrom(env);
  const url = new URL(publicUrl);
  // Browsers keep a Secure cookie only over https, or on this machine: over plain http elsewhere nobody could stay signed in.
  if (url.protocol === 'http:' && !isLoopback(url.hostname))
    throw new ServerSettingsError(
      `GOVERN_PUBLIC_URL is ${publicUrl}: people sign in there, and browsers keep a sign-in only over https. Serve the engine at an https:// address (a reverse proxy in front of it), e.g. https://${url.host}, or leave GOVERN_PUBLIC_URL unset to use it on this machine.`,
    );
  const settings: ServerSettings = {
    host: host(env.GOVERN_HTTP_HOST),
    port: port(env.GOVERN_HTTP_PORT),
    publicUrl,
    trustProxy: trustProxy(env.GOVERN_TRUST_PROXY),
    secretFile: resolve(env.GOVERN_SERVER_SECRET_FILE?.trim() || join(paths.dataDir, 'server-secret.json')),
    timeZone: timeZone(env.GOVERN_TIME_ZONE),
  };
  const provider = oidc(env, publicUrl);
  return provider ? { ...settings, oidc: provider } : settings;
}

/**
 * This process's server settings (the data folder from GOVERN_DATA_DIR, as everything else).
 *
 * @throws ServerSettingsError, MailSettingsError.
 */
export const serverSettings = (): ServerSettings => serverSettingsFrom(process.env, { dataDir: dataDir() });
