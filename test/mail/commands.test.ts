/**
 * govern person set and govern mail preferences against a real PostgreSQL: what they record, and bad
 * input refused with what to send, changing nothing.
 */
import { describe, expect, it } from 'vitest';
import { runGovern } from '../../client/cli/run';
import { personOf, preferencesOf } from '../../store/people';
import { freshStore } from '../support/postgres';

async function governOn(db: Awaited<ReturnType<typeof freshStore>>['db'], ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, database: async () => db, mode: 'dev' as const }; // --as: development mode
  const code = await runGovern(argv, io);
  return { code, stdout: stdout.trim(), stderr: stderr.trim() };
}

describe('govern person set', () => {
  it('records an address, a zone and a name, and removes the address with an empty one', async () => {
    const { db } = await freshStore();
    expect(await governOn(db, 'person', 'set', 'm-ben', '--email', 'ben@example.org', '--name', 'Ben Okafor')).toEqual({
      code: 0,
      stdout: 'm-ben (Ben Okafor): mail to ben@example.org, times in Europe/London.',
      stderr: '',
    });
    expect((await governOn(db, 'person', 'set', 'm-ben', '--zone', 'Europe/Paris')).stdout).toBe('m-ben (Ben Okafor): mail to ben@example.org, times in Europe/Paris.');
    expect((await governOn(db, 'person', 'set', 'm-ben', '--email', '')).stdout).toBe('m-ben (Ben Okafor): mail kept in the local mailbox (no address), times in Europe/Paris.');
    expect(await personOf(db, 'm-ben')).toEqual({ personId: 'm-ben', name: 'Ben Okafor', timeZone: 'Europe/Paris' });
  });

  it.each([
    [['person', 'set', 'm-ada', '--email', 'not-an-address'], 'Cannot set m-ada: email: an email address reads like name@example.org'],
    [['person', 'set', 'm-ada', '--email', `${'a'.repeat(250)}@example.org`], 'email: an email address has at most 254 characters'],
    [['person', 'set', 'm-ada', '--zone', 'Mars/Olympus'], 'zone: a time zone is a place name such as Europe/London'],
    [['person', 'set', 'm ada', '--email', 'ada@example.org'], 'person: an id is 1–100 letters'],
    [['person', 'set', 'm-ada'], 'Give at least one of --email, --zone or --name'],
    [['person', 'set', '--email', 'ada@example.org'], '"person set" needs the person id'],
  ])('refuses %j, saying what to send, and records nothing', async (argv, message) => {
    const { db } = await freshStore();
    const answer = await governOn(db, ...argv);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toContain(message);
    expect(await db.selectFrom('people').selectAll().execute()).toEqual([]);
  });
});

describe('govern mail preferences', () => {
  it('records a choice per board and lists them', async () => {
    const { db } = await freshStore();
    expect((await governOn(db, 'mail', 'preferences', '--as', 'm-ada')).stdout).toBe("m-ada gets every board's notices as they happen (immediate).");
    expect((await governOn(db, 'mail', 'preferences', '--as', 'm-ada', '--board', 'product-board', 'daily')).stdout).toBe(
      "m-ada now gets product-board's notices in a daily digest at 8 am; this applies to notices from now on.",
    );
    await governOn(db, 'mail', 'preferences', '--as', 'm-ada', '--board', 'initiative-board', 'none');
    expect((await governOn(db, 'mail', 'preferences', '--as', 'm-ada')).stdout).toBe('initiative-board: none\nproduct-board: daily');
    expect(await preferencesOf(db, 'm-ada')).toEqual({ 'initiative-board': 'none', 'product-board': 'daily' });
  });

  it.each([
    [['mail', 'preferences', '--as', 'm-ada', '--board', 'product-board', 'hourly'], '"hourly" is not a choice: use one of immediate, daily, weekly, none'],
    [['mail', 'preferences', '--as', 'm-ada', 'daily'], '--board is required: the board the choice is for'],
    [['mail', 'preferences', '--as', 'm-ada', '--board', 'product-board'], 'Say how often'],
    [['mail', 'preferences', '--board', 'product-board', 'daily'], '--as is required'],
    [['mail', '--as', 'm-ada', '--last', '5000'], '--last is 5000: ask for 1 to 500 messages'],
  ])('refuses %j, saying what to send', async (argv, message) => {
    const { db } = await freshStore();
    const answer = await governOn(db, ...argv);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toContain(message);
    expect(await db.selectFrom('delivery_preferences').selectAll().execute()).toEqual([]);
  });
});
