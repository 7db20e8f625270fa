/** Dates in words in the reader's zone, and the mail settings refused with what to set. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../client/settings';
import { dateInWords, fillDates, isTimeZone } from '../../mail/dates';
import { mailSettingsFrom, MailSettingsError } from '../../mail/settings';

describe('dates in words', () => {
  it.each([
    ['2027-01-12T14:00:00Z', 'Europe/London', 'Tuesday 12 January 2027, 2 pm UK time'],
    ['2027-07-12T13:30:00Z', 'Europe/London', 'Monday 12 July 2027, 2:30 pm UK time'],
    ['2027-01-12T12:00:00Z', 'UTC', 'Tuesday 12 January 2027, 12 noon UTC'],
    ['2027-01-12T00:00:00Z', 'Europe/London', 'Tuesday 12 January 2027, 12 midnight UK time'],
    ['2027-01-12T23:15:00Z', 'Europe/Paris', 'Wednesday 13 January 2027, 12:15 am Paris time'],
    ['2027-01-12T14:00:00Z', 'America/New_York', 'Tuesday 12 January 2027, 9 am New York time'],
  ])('writes %s in %s as "%s"', (instant, zone, words) => {
    expect(dateInWords(instant, zone)).toBe(words);
  });

  it('fills only the dates a notice names, leaving other braces as they are', () => {
    expect(fillDates('Closes {closes}; {other} stays; {closes} again', { closes: '2027-01-12T14:00:00Z' }, 'Europe/London')).toBe(
      'Closes Tuesday 12 January 2027, 2 pm UK time; {other} stays; Tuesday 12 January 2027, 2 pm UK time again',
    );
    expect(fillDates('No dates {here}', undefined)).toBe('No dates {here}');
  });

  it('knows a time zone from a name that is not one', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('mail settings', () => {
  it('keeps mail locally with nothing set, and reads an organisation’s own server', () => {
    expect(mailSettingsFrom({})).toEqual({ from: 'Insight governance <governance@localhost>', publicUrl: 'http://localhost:8080', retry: { maxAttempts: 8, firstWaitMs: 60_000, maxWaitMs: 3_600_000 } });
    expect(mailSettingsFrom({ SMTP_URL: 'smtps://gov:s3cret@mail.example.org:465', GOVERN_PUBLIC_URL: 'https://governance.example.org/board/', GOVERN_MAIL_FROM: 'Board <board@example.org>' })).toEqual({
      smtp: { url: 'smtps://gov:s3cret@mail.example.org:465', where: 'smtps://gov:***@mail.example.org:465' },
      from: 'Board <board@example.org>',
      publicUrl: 'https://governance.example.org/board',
      retry: { maxAttempts: 8, firstWaitMs: 60_000, maxWaitMs: 3_600_000 },
    });
  });

  it('reads the wait before a failed message is tried again, and its attempts, as an operator sets them', () => {
    expect(mailSettingsFrom({ GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS: ' 2 ' }).retry).toEqual({ maxAttempts: 8, firstWaitMs: 2_000, maxWaitMs: 3_600_000 });
    expect(mailSettingsFrom({ GOVERN_MAIL_RETRY_ATTEMPTS: '20' }).retry).toEqual({ maxAttempts: 20, firstWaitMs: 60_000, maxWaitMs: 3_600_000 });
    expect(mailSettingsFrom({ GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS: '3600', GOVERN_MAIL_RETRY_ATTEMPTS: '1' }).retry).toEqual({ maxAttempts: 1, firstWaitMs: 3_600_000, maxWaitMs: 3_600_000 });
  });

  it.each([
    ['not a URL', { SMTP_URL: 'mail.example.org:587' }, 'SMTP_URL starts with "mail.example.org:"; mail is sent by SMTP'],
    ['not SMTP', { SMTP_URL: 'https://gov:s3cret@mail.example.org' }, 'SMTP_URL starts with "https:"'],
    ['a bad port', { SMTP_URL: 'smtp://gov:s3cret@mail.example.org:99999' }, 'SMTP_URL is not a URL'],
    ['no host', { SMTP_URL: 'smtp://' }, 'names no host'],
    ['a public URL that is not one', { GOVERN_PUBLIC_URL: 'governance' }, 'GOVERN_PUBLIC_URL is "governance", not an address'],
    ['a sender that is not one', { GOVERN_MAIL_FROM: 'the board' }, 'GOVERN_MAIL_FROM is "the board", not a sender'],
    ['a first wait that is not a number', { GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS: 'a minute' }, 'GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS is "a minute": set it to a whole number from 1 to 3600'],
    ['a first wait in fractions', { GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS: '2.5' }, 'GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS is "2.5": set it to a whole number from 1 to 3600 (the seconds to wait'],
    ['no first wait at all', { GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS: '0' }, 'or unset it for 60.'],
    ['a first wait beyond the longest', { GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS: '7200' }, 'GOVERN_MAIL_RETRY_FIRST_WAIT_SECONDS is "7200"'],
    ['no attempts', { GOVERN_MAIL_RETRY_ATTEMPTS: '0' }, 'GOVERN_MAIL_RETRY_ATTEMPTS is "0": set it to a whole number from 1 to 100 (the attempts at a message, the first included'],
    ['attempts without end', { GOVERN_MAIL_RETRY_ATTEMPTS: '-1' }, 'GOVERN_MAIL_RETRY_ATTEMPTS is "-1"'],
    ['too many attempts', { GOVERN_MAIL_RETRY_ATTEMPTS: '1000' }, 'or unset it for 8.'],
  ])('refuses %s, saying what to set', (_, env, message) => {
    expect(() => mailSettingsFrom(env)).toThrow(MailSettingsError);
    expect(() => mailSettingsFrom(env)).toThrow(message);
    try {
      mailSettingsFrom(env);
    } catch (err) {
      expect((err as Error).message, 'the password is never repeated').not.toContain('s3cret');
    }
  });

  it('stops the worker at start on a bad SMTP_URL, retry setting or DATABASE_URL, with what is wrong and no stack', async () => {
    const start = (env: NodeJS.ProcessEnv) =>
      new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], { cwd: projectRoot, env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.once('exit', (code) => done({ code, stderr }));
      });
    const [smtp, retry, database] = await Promise.all([
      start({ SMTP_URL: 'smtp://gov:s3cret@mail.example.org:99999', DATABASE_URL: 'postgres://x@127.0.0.1:1/governance' }),
      start({ GOVERN_MAIL_RETRY_ATTEMPTS: 'many', DATABASE_URL: 'postgres://x@127.0.0.1:1/governance' }),
      start({ DATABASE_URL: 'mysql://gov@db.example.org/governance' }),
    ]);
    expect(smtp.code).toBe(1);
    expect(smtp.stderr.trim()).toMatch(/^SMTP_URL is not a URL\. Set it to smtp:\/\/USER:PASSWORD@mail\.example\.org:587/);
    expect(smtp.stderr).not.toContain('s3cret');
    expect(retry.code).toBe(1);
    expect(retry.stderr.trim()).toMatch(/^GOVERN_MAIL_RETRY_ATTEMPTS is "many": set it to a whole number from 1 to 100 /);
    expect(database.code).toBe(1);
    expect(database.stderr.trim()).toMatch(/^DATABASE_URL starts with "mysql:"; the engine needs PostgreSQL/);
  }, 60_000);
});
