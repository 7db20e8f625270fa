/**
 * Sending a sign-in code: straight through mail/transport's SMTP, not as a notice. A notice is kept in
 * PostgreSQL and sent by the worker's loop seconds later; a code must arrive at once and be kept
 * nowhere in clear (not in a notice, the mailbox table, a process or its Temporal history). With no
 * SMTP_URL (the engine on one's own machine) there is nowhere to send it, so the server prints it on
 * its terminal instead, which is where the person starting it is.
 */
import { randomUUID } from 'node:crypto';
import type { MailSettings } from '../../mail/settings';
import { SendFailed, smtpTransport } from '../../mail/transport';

/** A code the terminal sender showed, for the local mailbox page (server/portal/pages/devMailbox.ts). */
export interface ShownCode {
  readonly to: string;
  readonly code: string;
  readonly validFor: string;
  readonly at: Date;
}

/** How many codes the terminal sender keeps to show again: a few people trying the roles, not a log. */
export const shownCodesKept = 20;

export interface CodeSender {
  /** smtp: mailed; terminal: printed where the server runs. */
  readonly kind: 'smtp' | 'terminal';
  /**
   * The terminal sender's last codes, newest first, kept in this process's memory alone (never in
   * PostgreSQL or a process): the same codes its terminal printed, for whoever can read that terminal.
   */
  readonly shown?: () => readonly ShownCode[];
  /** @throws SendFailed when the mail server did not take it. */
  send(to: string, code: string, validFor: string): Promise<void>;
  close(): void;
}

/** The message: the code set apart, how long it works ("10 minutes"), and what to do if you did not ask. */
export function codeMessage(code: string, validFor: string, publicUrl: string): { subject: string; text: string } {
  return {
    subject: 'Your sign-in code',
    text: [
      'Your code to sign in to the governance engine is:',
      '',
      `    ${code.slice(0, 3)} ${code.slice(3)}`,
      '',
      `It works once, for ${validFor}. Type it where you asked for it (${publicUrl}, or "govern login").`,
      '',
      'If you did not ask to sign in, you can ignore this message: nobody can sign in without the code. Never tell anyone the code, not even someone from the board.',
      '',
    ].join('\n'),
  };
}

/**
 * The sender for these mail settings.
 *
 * @example
 * const codes = codeSender(mailSettings(), (line) => console.log(line));
 */
export function codeSender(mail: Pick<MailSettings, 'smtp' | 'from' | 'publicUrl'>, print: (line: string) => void): CodeSender {
  if (!mail.smtp) {
    const shown: ShownCode[] = [];
    return {
      kind: 'terminal',
      shown: () => shown,
      async send(to, code, validFor) {
        shown.unshift({ to, code, validFor, at: new Date() });
        shown.length = Math.min(shown.length, shownCodesKept);
        print(`Sign-in code for ${to}: ${code} (works for ${validFor}). No SMTP_URL is set, so it is shown here rather than mailed.`);
      },
      close: () => undefined,
    };
  }
  const transport = smtpTransport(mail.smtp.url, mail.from, { timeoutMs: 15_000 });
  const domain = /@([^>\s]+)>?\s*$/.exec(mail.from)?.[1] ?? 'localhost';
  return {
    kind: 'smtp',
    async send(to, code, validFor) {
      const { subject, text } = codeMessage(code, validFor, mail.publicUrl);
      await transport.send({ to, subject, text, messageId: `<sign-in-${randomUUID()}@${domain}>` });
    },
    close: () => transport.close(),
  };
}

export { SendFailed };
