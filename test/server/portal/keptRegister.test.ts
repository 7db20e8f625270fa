import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptFor, keptRegister } from '../../../server/portal/keptRegister';
import { appendToRegister } from '../../../store/register';
import { freshStore, type TestStore } from '../../support/postgres';
import { decision } from '../../support/registerRecords';

let store: TestStore;
beforeAll(async () => {
  store = await freshStore();
}, 60_000);
afterAll(() => store?.db.destroy());

describe('the register the portal keeps between requests', () => {
  it('answers what was read while nothing is appended, and reads again once something is', async () => {
    let prepared = 0;
    const read = keptRegister(store.db, (entries) => (prepared++, entries));
    await appendToRegister(store, decision('gr-kept-1'));
    const first = await read();
    expect(first.map((e) => e.decisionId)).toEqual(['gr-kept-1']);
    expect(await read(), 'nothing appended: the same answer').toBe(first);
    await appendToRegister(store, decision('gr-kept-2'));
    const [second, alongside] = await Promise.all([read(), read()]);
    expect(second.map((e) => e.decisionId)).toEqual(['gr-kept-1', 'gr-kept-2']);
    expect(alongside, 'two requests that find the same new size share one read').toBe(second);
    expect(prepared, 'prepared once per read').toBe(2);
  });
});

describe('an answer kept for a while', () => {
  it('asks once within its time, again after it, and again at once after a failure', async () => {
    let asked = 0;
    let fail = false;
    const kept = keptFor(50, async () => {
      asked++;
      if (fail) throw new Error('no answer');
      return asked;
    });
    expect(await kept()).toBe(1);
    expect(await kept()).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    fail = true;
    await expect(kept()).rejects.toThrow('no answer');
    fail = false;
    expect(await kept()).toBe(3);
  });

  it('asks again at once once forgotten (a change this server made), and shares one asking between callers', async () => {
    let asked = 0;
    const kept = keptFor(60_000, async () => ++asked);
    expect(await Promise.all([kept(), kept()])).toEqual([1, 1]);
    kept.forget();
    expect(await kept()).toBe(2);
    expect(await kept()).toBe(2);
  });
});
