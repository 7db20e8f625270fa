/**
 * Who a session's cookie or token signs in, on a real PostgreSQL: every signed-in page asks once per
 * request, and with the person's name and time zone in the same query (sessionWithNameOf).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAccounts } from '../../store/accounts';
import { setPerson } from '../../store/people';
import { openSession, revokeSession, sessionOf, sessionWithNameOf, touchEveryMs } from '../../store/sessions';
import { freshStore, type TestStore } from '../support/postgres';

let store: TestStore;
beforeAll(async () => {
  store = await freshStore();
  await ensureAccounts(store.db, ['m-named', 'm-unnamed'], 'roster');
  await setPerson(store.db, 'm-named', { name: 'Ada Named', timeZone: 'Asia/Tokyo' });
}, 60_000);
afterAll(() => store?.db.destroy());

const open = (personId: string, ttlMs = 3_600_000) => openSession(store.db, { personId, client: 'browser', method: 'email', ttlMs });
const lastUsed = async (id: string) => (await store.db.selectFrom('sessions').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at.getTime();

describe('a session with the name of whom it signs in', () => {
  it('answers the same session as sessionOf, with the name and zone when the person has them', async () => {
    const named = await open('m-named');
    const unnamed = await open('m-unnamed');
    expect(await sessionWithNameOf(store.db, named.token)).toEqual({ session: await sessionOf(store.db, named.token), name: 'Ada Named', timeZone: 'Asia/Tokyo' });
    expect(await sessionWithNameOf(store.db, unnamed.token)).toEqual({ session: await sessionOf(store.db, unnamed.token) });
  });

  it('answers nothing for a session revoked, expired, unknown or too long to be one', async () => {
    const revoked = await open('m-named');
    await revokeSession(store.db, revoked.token);
    const expired = await open('m-named', 1);
    await new Promise((r) => setTimeout(r, 20));
    for (const token of [revoked.token, expired.token, 'not-a-token', 'x'.repeat(201)]) expect(await sessionWithNameOf(store.db, token), token.slice(0, 20)).toBeUndefined();
  });

  it('notes that the session was used, at most once a minute', async () => {
    const { token, session } = await open('m-named');
    const opened = await lastUsed(session.id);
    await new Promise((r) => setTimeout(r, 20));
    await sessionWithNameOf(store.db, token);
    expect(await lastUsed(session.id)).toBe(opened);
    const aWhileAgo = new Date(Date.now() - touchEveryMs - 1_000);
    await store.db.updateTable('sessions').set({ last_used_at: aWhileAgo }).where('id', '=', session.id).execute();
    await sessionWithNameOf(store.db, token);
    expect(await lastUsed(session.id)).toBeGreaterThan(aWhileAgo.getTime() + touchEveryMs);
    await store.db.updateTable('sessions').set({ last_used_at: aWhileAgo }).where('id', '=', session.id).execute();
    await sessionOf(store.db, token);
    expect(await lastUsed(session.id)).toBeGreaterThan(aWhileAgo.getTime() + touchEveryMs);
  });

  it('answers nothing for a session revoked a moment after it was used', async () => {
    const { token } = await open('m-named');
    expect(await sessionWithNameOf(store.db, token)).toBeDefined();
    await revokeSession(store.db, token);
    expect(await sessionWithNameOf(store.db, token)).toBeUndefined();
    expect(await sessionOf(store.db, token)).toBeUndefined();
  });
});
