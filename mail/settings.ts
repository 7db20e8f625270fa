/**
 * Where mail goes, from settings: `SMTP_URL` names the organisation's mail server; with none, every
 * message is kept in the local mailbox in PostgreSQL (`govern mail --as ID` shows it).
 * `GOVERN_PUBLIC_URL` is the address people open the links in messages at; `GOVERN_MAIL_FROM` the
 * sender; `GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS` and `GOVERN_MAIL_RETRY_ATTEMPTS` how a message that
 * could not be sent is tried again (mail/backoff.ts). Each is checked at start, so a worker never
 * runs with mail it cannot send.
 */
import { defaultRetryPolicy, retryLimits, type RetryPolicy } from './backoff';

/** A mail setting that cannot work; the message says what is wrong and what to set. */
export class MailSettingsError extends Error {
  override name = 'MailSettingsError';
}

export interface MailSettings {
  /** The SMTP server, when one is set; none keeps mail in the local mailbox. */
  readonly smtp?: { readonly url: string; readonly where: string };
  /** The sender of every message: "Name <address>" or an address. */
  readonly from: string;
  /** The public address links are made under, without a trailing slash. */
  readonly publicUrl: string;
  /** When a message that could not be sent is tried again, and after how many attempts it is failed. */
  readonly retry: RetryPolicy;
}

export const defaultPublicUrl = 'http://localhost:8080';
export const defaultFrom = 'Insight governance <governance@localhost>';
const smtpExample = 'smtp://USER:PASSWORD@mail.example.org:587 (or smtps://…:465 for TLS from the start)';

function redacted(url: URL): string {
  const shown = new URL(url.href);
  if (shown.password) shown.password = '***';
  return shown.href;
}

/**
 * Checks an `SMTP_URL` before anything connects with it.
 *
 * @throws MailSettingsError naming what is wrong (not a URL, not SMTP, no host, a bad port); the password is never repeated.
 * @example
 * parseSmtpUrl('smtp://gov:secret@mail.example.org:587').where // 'smtp://gov:***@mail.example.org:587'
 */
export function parseSmtpUrl(raw: string): NonNullable<MailSettings['smtp']> {
  const unset = 'or unset it to keep mail in the local mailbox (govern mail --as ID)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MailSettingsError(`SMTP_URL is not a URL. Set it to ${smtpExample} (percent-encode any @, :, / or # in the password), ${unset}.`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new MailSettingsError(`SMTP_URL starts with "${url.protocol}"; mail is sent by SMTP: set it to ${smtpExample}, ${unset}.`);
  const shown = redacted(url);
  if (!url.hostname) throw new MailSettingsError(`SMTP_URL (${shown}) names no host: set it to ${smtpExample}, ${unset}.`);
  if (url.port && (Number(url.port) < 1 || Number(url.port) > 65_535)) throw new MailSettingsError(`SMTP_URL (${shown}) has port ${url.port}: use a port from 1 to 65535 (587 or 25 for smtp, 465 for smtps), ${unset}.`);
  return { url: raw, where: shown };
}

/** Checks `GOVERN_PUBLIC_URL`: an http or https address, returned without a trailing slash. */
export function parsePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MailSettingsError(`GOVERN_PUBLIC_URL is "${raw}", not an address: set it to where people open the engine's pages, e.g. https://governance.example.org, or unset it for ${defaultPublicUrl}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new MailSettingsError(`GOVERN_PUBLIC_URL starts with "${url.protocol}": use an https:// (or http://) address, e.g. https://governance.example.org.`);
  if (url.search || url.hash) throw new MailSettingsError(`GOVERN_PUBLIC_URL (${raw}) has a query or fragment: give the address alone, e.g. https://governance.example.org/board.`);
  return url.href.replace(/\/+$/, '');
}

/** Checks `GOVERN_MAIL_FROM`: an address, or "Name <address>", on one line. */
export function parseFrom(raw: string): string {
  const address = /<([^<>]+)>\s*$/.exec(raw)?.[1] ?? raw;
  if (raw.length > 320 || /[\r\n]/.test(raw) || !/^[^@\s]+@[^@\s]+$/.test(address.trim()))
    throw new MailSettingsError(`GOVERN_MAIL_FROM is "${raw.slice(0, 80)}", not a sender: set it to an address, or "Name <address>", e.g. "Product board <governance@example.org>".`);
  return raw;
}

/** A whole number within `limits`, or a refusal naming the setting, what it means and what to set. */
function wholeNumber(name: string, raw: string, limits: { readonly min: number; readonly max: number }, meaning: string, byDefault: number): number {
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= limits.min && value <= limits.max))
    throw new MailSettingsError(`${name} is "${raw.slice(0, 40)}": set it to a whole number from ${limits.min} to ${limits.max} (${meaning}), or unset it for ${byDefault}.`);
  return value;
}

/**
 * Checks `GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS` and `GOVERN_MAIL_RETRY_ATTEMPTS`; what is not given
 * stays as in the default policy (a minute, 8 attempts; the longest wait an hour).
 *
 * @throws MailSettingsError for a value that is not a whole number within retryLimits.
 * @example
 * parseRetryPolicy({ firstWaitSeconds: '5' }) // { maxAttempts: 8, firstWaitMs: 5_000, maxWaitMs: 3_600_000 }
 */
export function parseRetryPolicy(raw: { readonly firstWaitSeconds?: string; readonly attempts?: string }): RetryPolicy {
  const byDefault = defaultRetryPolicy;
  const firstWait = raw.firstWaitSeconds
    ? wholeNumber(
        'GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS',
        raw.firstWaitSeconds,
        retryLimits.firstWaitSeconds,
        'the seconds to wait after a message first fails before trying it again; each later wait doubles, up to an hour',
        byDefault.firstWaitMs / 1000,
      )
    : byDefault.firstWaitMs / 1000;
  const attempts = raw.attempts
    ? wholeNumber('GOVERN_MAIL_RETRY_ATTEMPTS', raw.attempts, retryLimits.attempts, "the attempts at a message, the first included, before it is failed and the board's secretariat is told", byDefault.maxAttempts)
    : byDefault.maxAttempts;
  return { ...byDefault, firstWaitMs: firstWait * 1000, maxAttempts: attempts };
}

/**
 * The mail settings in `env`.
 *
 * @throws MailSettingsError for an SMTP_URL, GOVERN_PUBLIC_URL, GOVERN_MAIL_FROM or retry setting that cannot work.
 * @example
 * const mail = mailSettingsFrom(process.env);
 */
export function mailSettingsFrom(env: NodeJS.ProcessEnv): MailSettings {
  const smtp = env.SMTP_URL?.trim();
  const publicUrl = env.GOVERN_PUBLIC_URL?.trim();
  const from = env.GOVERN_MAIL_FROM?.trim();
  const firstWaitSeconds = env.GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS?.trim();
  const attempts = env.GOVERN_MAIL_RETRY_ATTEMPTS?.trim();
  return {
    ...(smtp ? { smtp: parseSmtpUrl(smtp) } : {}),
    from: from ? parseFrom(from) : defaultFrom,
    publicUrl: publicUrl ? parsePublicUrl(publicUrl) : defaultPublicUrl,
    retry: parseRetryPolicy({ ...(firstWaitSeconds ? { firstWaitSeconds } : {}), ...(attempts ? { attempts } : {}) }),
  };
}

/** A link path under the public address: `/reviews/gr-1` → `https://governance.example.org/reviews/gr-1`. */
export const linkUnder = (publicUrl: string, path: string): string => `${publicUrl}${path.startsWith('/') ? '' : '/'}${path}`;
