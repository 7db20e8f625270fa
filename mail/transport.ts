/**
 * How a finished message leaves: by SMTP through nodemailer to the organisation's mail server, or,
 * with none set (or for a person with no address), into the local mailbox in PostgreSQL alone. Either
 * way the message is kept in the mailbox, so `govern mail --as ID` (and the portal) show what was sent.
 */
import nodemailer from 'nodemailer';
import type { Transport as Kind } from '../store/schema';

export interface Outgoing {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** `<…@…>`: the same for every attempt at one message, so a mail server can tell a repeat. */
  readonly messageId: string;
}

/** Why a message was not accepted; `permanent` when trying again cannot help (the server refused the address: a bounce). */
export class SendFailed extends Error {
  override name = 'SendFailed';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface MailTransport {
  readonly kind: Kind;
  /** @throws SendFailed */
  send(message: Outgoing): Promise<void>;
  close(): void;
}

/** Nothing leaves: the mailbox row the delivery writes is the message. */
export const localMailbox: MailTransport = { kind: 'local', send: async () => undefined, close: () => undefined };

/** SMTP's words for a failure, in a sentence a secretariat can act on. */
function explain(err: Error & { code?: string; responseCode?: number; response?: string }): SendFailed {
  const code = err.responseCode;
  // 5xx is the server's final answer (no such mailbox, refused): a bounce. Anything else (4xx, no connection, a timeout) may pass.
  const permanent = code !== undefined && code >= 500 && code < 600;
  const why =
    err.code === 'ECONNREFUSED' || err.code === 'ESOCKET' || err.code === 'ECONNECTION'
      ? `the mail server could not be reached (${err.message})`
      : err.code === 'EAUTH'
        ? `the mail server refused our login (${err.response ?? err.message}): check the user and password in SMTP_URL`
        : code
          ? `the mail server answered ${code}: ${(err.response ?? err.message).trim()}`
          : err.message;
  return new SendFailed(why, permanent);
}

/**
 * A transport to the SMTP server at `url` (checked by mail/settings.ts), sending as `from`.
 *
 * @example
 * const smtp = smtpTransport('smtp://mail.example.org:587', 'Governance <governance@example.org>');
 */
export function smtpTransport(url: string, from: string, options: { readonly timeoutMs?: number } = {}): MailTransport {
  const timeout = options.timeoutMs ?? 30_000;
  // A URL may set its own timeouts (?connectionTimeout=…): nodemailer lets the URL's win over these.
  const transporter = nodemailer.createTransport({ url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout }, { from });
  return {
    kind: 'smtp',
    async send(message) {
      try {
        await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text, messageId: message.messageId });
      } catch (err) {
        throw explain(err as Error);
      }
    },
    close: () => transporter.close(),
  };
}
