/**
 * People's names in the store, on a real PostgreSQL: the board files name their members at
 * `npm start`, so mail greets them by name, and a name someone set themselves is kept.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../client/settings';
import { renderNotice } from '../../mail/render';
import { nameUnnamed, personOf, setPerson } from '../../store/people';
import { recordRosterNames } from '../../worker/rosterNames';
import { freshStore } from '../support/postgres';

/** The names the shipped files give, read here with JSON.parse rather than the engine's loaders. */
function shippedNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const file of ['product-board.json', 'initiative-board.json']) {
    const { roster } = JSON.parse(readFileSync(join(projectRoot, 'config', file), 'utf8')) as { roster: { members: { id: string; name: string }[] } };
    for (const m of roster.members) names.set(m.id, m.name);
  }
  return names;
}

const notice = { notification_id: 'n-1', subject: 'Papers', body: 'The papers are out.', dates: {}, link: null, board_id: 'product-board' };

describe('names from the board files', () => {
  it('names every member of both files once, and mail then greets them by name', async () => {
    const { db } = await freshStore();
    const names = shippedNames();
    expect(await recordRosterNames(db)).toBe(names.size);
    expect(await recordRosterNames(db)).toBe(0);
    for (const [id, name] of names) expect((await personOf(db, id)).name).toBe(name);
    const [id, name] = [...names][0]!;
    expect(renderNotice(notice, await personOf(db, id), 'https://governance.example.org').text).toMatch(new RegExp(`^Dear ${name},`));
  });

  it('keeps a name a person set themselves, and their address and zone', async () => {
    const { db } = await freshStore();
    await setPerson(db, 'm-ben', { name: 'Benjamin Carter', email: 'ben@example.org', timeZone: 'Europe/Paris' });
    expect(await nameUnnamed(db, [{ personId: 'm-ben', name: 'Ben Carter' }, { personId: 'm-new', name: 'New Member' }])).toBe(1);
    expect(await personOf(db, 'm-ben')).toMatchObject({ name: 'Benjamin Carter', email: 'ben@example.org', timeZone: 'Europe/Paris' });
    expect((await personOf(db, 'm-new')).name).toBe('New Member');
  });

  it('names a person known by id only (a subscriber, say), without touching their address', async () => {
    const { db } = await freshStore();
    await setPerson(db, 'm-chen', { email: 'chen@example.org' });
    expect(await nameUnnamed(db, [{ personId: 'm-chen', name: 'Chen Wei' }])).toBe(1);
    expect(await personOf(db, 'm-chen')).toMatchObject({ name: 'Chen Wei', email: 'chen@example.org' });
  });
});
