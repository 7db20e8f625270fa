/**
 * Ten simulated years of one product on the time-skipping server: it goes live, then each year is iterated,
 * suspended after harm, reinstated and iterated again, every decision by a written procedure the chair calls
 * (a meeting's item would wait for the board's calendar, which changes nothing in the product's own history).
 * The product continues as new between decisions, so no run's history is long, though the decade's is; the
 * items are numbered on across runs, its harm watch is told of every change, and every run replays.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDecision } from '../../../activities/decisionRegister';
import type { GovernanceClient } from '../../../client/governanceClient';
import type { HarmWatchView } from '../../../machines/harmWatch/view';
import { productProcessId } from '../../../machines/kernel/ids';
import type { Gate } from '../../../machines/kernel/lifecycle';
import { PRODUCT_HISTORY_LIMIT } from '../../../workflows/product/workflow';
import { decideInWriting, eventually, foundingBoard, goLive, skipTo } from '../../support/productBoardRun';
import { governedTimeSkipping, historiesOf, workflowBundle } from '../../support/temporal';

const DAY = 86_400_000;
const PRODUCT = 'school-meals';
const YEARS = 10;
/** What the issue asks of a long-lived product: no run above this many history events. */
const MOST_EVENTS_IN_A_RUN = 1_000;
/** The gates to live, as goLive takes them, then each year's four. */
const toLive: Gate[] = ['prioritisation', 'discovery', 'alpha', 'beta', 'live'];
const aYear: Gate[] = ['iteration', 'suspension', 'reinstatement', 'iteration'];

let env: TestWorkflowEnvironment;
let governance: GovernanceClient;
let stop: () => Promise<void>;
/** When the harm watch last restarted its schedule (went live or heard of an iteration). */
let anchor = '';

beforeAll(async () => {
  ({ env, governance, stop } = await governedTimeSkipping());
  await governance.openBoard({ by: 'sec', config: foundingBoard });
  await governance.registerProduct({ by: 'sec', product: { id: PRODUCT, name: 'School meals' } });
  await goLive(env, governance, PRODUCT);
  anchor = (await eventually(() => governance.harmWatch(PRODUCT), () => true, 'the harm watch to start')).liveSinceOrIterated;
});

afterAll(() => stop?.());

const settled = (w: HarmWatchView) => w.state === 'watching' || w.state === 'suspended' || w.state === 'awaitingReview';

/** The board records the watch's review when one has fallen due, as it does in life: no harm found. */
async function reviewIfDue(): Promise<void> {
  const w = await eventually(() => governance.harmWatch(PRODUCT), settled, 'the harm watch to settle');
  if (w.state !== 'awaitingReview') return;
  await governance.harmCommand(PRODUCT, 'recordReview', { by: 'm2', benefits: ['Meals reached the families eligible'], harms: [], worstHarm: 'none' });
  await eventually(() => governance.harmWatch(PRODUCT), (v) => v.state === 'watching' || v.state === 'suspended', 'the review to be published');
}

/**
 * The harm watch, which the run that went live started, heard of the decision from whichever run took it:
 * it pauses on a suspension, returns on a reinstatement, and restarts its schedule on an iteration.
 */
async function toldTheWatch(gate: Gate, what: string): Promise<void> {
  const heard = (w: HarmWatchView) => (gate === 'suspension' ? w.state === 'suspended' : w.state !== 'suspended' && (gate !== 'iteration' || w.liveSinceOrIterated > anchor));
  // A review that fell due meanwhile waits for the board: a watch awaiting it takes the change, and shows it once the review is in.
  await reviewIfDue();
  anchor = (await eventually(() => governance.harmWatch(PRODUCT), heard, `the harm watch to hear of ${what}`)).liveSinceOrIterated;
}

describe('a product over ten years', () => {
  const gates: Gate[] = [...toLive];
  const reviews: string[] = [];

  // Each continue-as-new here can meet the test server's half-applied completion (see skipTime); repaired, it costs seconds.
  it('is iterated, suspended, reinstated and iterated again each year, and continues as new between decisions', { timeout: 900_000 }, async () => {
    const start = await env.currentTimeMs();
    for (let year = 0; year < YEARS; year++) {
      for (const [quarter, gate] of aYear.entries()) {
        await skipTo(env, new Date(start + (year * 365 + quarter * 91 + 30) * DAY).toISOString());
        await reviewIfDue();
        // The chair calls it; four of seven approve.
        reviews.push(await decideInWriting(env, governance, PRODUCT, gate, { voters: ['m1', 'm2', 'm3', 'm4'] }));
        gates.push(gate);
        const product = await governance.product(PRODUCT);
        expect([product.suspended, product.state], `after the ${gate} of year ${year + 1}`).toEqual(gate === 'suspension' ? [true, 'suspended'] : [false, 'ready']);
        await toldTheWatch(gate, `the ${gate} of year ${year + 1}`);
      }
    }
    const product = await governance.product(PRODUCT);
    expect(product).toMatchObject({ stage: 'live', suspended: false, state: 'ready' });
    expect(product.run).toBeGreaterThan(1);
  });

  it('numbers its items on across runs, and the register has every decision in order', async () => {
    // By hand: the product's n-th item is gr-<product>-<gate>-n, whichever run it was requested in.
    expect(reviews).toEqual(gates.slice(toLive.length).map((gate, i) => `gr-${PRODUCT}-${gate}-${toLive.length + i + 1}`));
    const register = (await governance.readRegister()).filter(isDecision).filter((d) => d.product.id === PRODUCT);
    expect(register.map((d) => [d.gate, d.outcome])).toEqual(gates.map((gate) => [gate, 'approved']));
  });

  it('keeps every run short, though the decade is long, and every run replays', { timeout: 300_000 }, async () => {
    const all = await historiesOf(env, productProcessId(PRODUCT));
    const lengths = all.map((r) => r.history.events!.length);
    const total = lengths.reduce((a, b) => a + b, 0);
    console.log(`product: ${gates.length} decisions over ${YEARS} years in ${all.length} runs of ${lengths.join(', ')} history events (${total} in all)`);
    expect(all.length).toBe((await governance.product(PRODUCT)).run);
    // One run would have held the decade: more than the issue allows.
    expect(total).toBeGreaterThan(MOST_EVENTS_IN_A_RUN);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(MOST_EVENTS_IN_A_RUN);
    // A run renews at the first quiet moment past the limit: it ends within one decision's events of it.
    expect(Math.max(...lengths)).toBeLessThanOrEqual(PRODUCT_HISTORY_LIMIT + 60);
    const workflowBundleCode = await workflowBundle();
    for (const { history } of all) await expect(Worker.runReplayHistory({ workflowBundle: workflowBundleCode }, history, productProcessId(PRODUCT))).resolves.toBeUndefined();
  });
});
