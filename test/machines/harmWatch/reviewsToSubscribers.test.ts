/**
 * A published benefit and harm review goes to the product board's subscribers (issue 13, point 4): the
 * board's check of the reviewer's role answers its subscribers of the moment, the review's publication
 * names them (the register keeps the review, not who was told), and the watch keeps neither. Only runs
 * opened since the harm-reviews-to-subscribers patch do it; a continued run asks the patch afresh.
 */
import { describe, expect, it } from 'vitest';
import { harmWatchMachine, type HarmWatchEvent, type HarmWatchInput } from '../../../machines/harmWatch/machine';
import { harmWatchView } from '../../../machines/harmWatch/view';
import { harmWatchProcess } from '../../../workflows/harmWatch/workflow';
import { recordReview, triageHarm } from '../../../workflows/harmWatch/messages';
import { HARM_REVIEWS_TO_SUBSCRIBERS_PATCH } from '../../../workflows/patches';
import { run, spawns } from '../../support/boardFixtures';
import { DAY, at, evidenceGathered, hw, openWatch, openWatchWithActions, published, reviewDue, step, watchInput } from '../../support/harmWatchFixtures';

const SUBSCRIBERS = ['citizen-1', 'citizen-2'];

/** The first review's evidence in, in a watch opened with `extra`. */
const reviewing = (extra: Partial<HarmWatchInput> = {}) => run(harmWatchMachine, openWatch(extra), reviewDue, evidenceGathered());

/** The publication the watch asks for when the review is recorded with the role check's answer. */
function publication(extra: Partial<HarmWatchInput>, subscribers?: readonly string[]) {
  const [publishing, actions] = step(reviewing(extra), hw.record('low', at(35 * DAY), subscribers ? { subscribers } : {}));
  expect(publishing.value).toBe('publishingReview');
  return { record: spawns(actions).find((a) => a.src === 'publishDecision')?.input as Record<string, unknown>, publishing };
}

describe('benefit and harm reviews to the board’s subscribers', () => {
  it('names the subscribers in the publication, so each is told, and keeps them out of the watch', () => {
    const { record, publishing } = publication({ reviewsToSubscribers: true }, SUBSCRIBERS);
    expect(record).toMatchObject({ kind: 'harmReview', decisionId: 'review-p1-1', notify: SUBSCRIBERS });
    const done = run(harmWatchMachine, publishing, published());
    // Who was told is not part of what the watch keeps or anyone reads of it.
    expect(done.context.reviews).toHaveLength(1);
    expect(done.context.reviews[0]).not.toHaveProperty('notify');
    expect(JSON.stringify(harmWatchView(done))).not.toContain('citizen-1');
  });

  it('tells no one when the board has no subscribers', () => {
    expect(publication({ reviewsToSubscribers: true }, []).record).not.toHaveProperty('notify');
    expect(publication({ reviewsToSubscribers: true }).record).not.toHaveProperty('notify');
  });

  it('tells no one from a watch opened before the patch, whatever the event carries', () => {
    expect(publication({ reviewsToSubscribers: false }, SUBSCRIBERS).record).not.toHaveProperty('notify');
    expect(publication({}, SUBSCRIBERS).record).not.toHaveProperty('notify');
  });

  it('tells the subscribers of each review once: a second review names those of its own moment', () => {
    const first = run(harmWatchMachine, reviewing({ reviewsToSubscribers: true }), hw.record('none', at(35 * DAY), { subscribers: SUBSCRIBERS }), published());
    const [, actions] = step(run(harmWatchMachine, first, reviewDue, evidenceGathered()), hw.record('medium', at(95 * DAY), { subscribers: ['citizen-2'] }));
    expect(spawns(actions).filter((a) => a.src === 'publishDecision').map((a) => a.input)).toEqual([expect.objectContaining({ decisionId: 'review-p1-2', notify: ['citizen-2'] })]);
  });

  it('takes the choice from the run it continues into, not from the state it resumes', () => {
    const before = run(harmWatchMachine, openWatch({ reviewsToSubscribers: false }), hw.report('r1'));
    // A watch started before the patch, continued as new by today's engine: the new run has it on.
    const [on] = openWatchWithActions({ resume: before.context, openedAt: at(3 * DAY), reviewsToSubscribers: true });
    expect(on.context.reviewsToSubscribers).toBe(true);
    const [, actions] = step(run(harmWatchMachine, on, reviewDue, evidenceGathered()), hw.record('none', at(35 * DAY), { subscribers: SUBSCRIBERS }));
    expect(spawns(actions).find((a) => a.src === 'publishDecision')?.input).toMatchObject({ notify: SUBSCRIBERS });
    // A continued run whose history is older than the patch replays with it off, whatever the state it resumed said.
    const [off] = openWatchWithActions({ resume: on.context, openedAt: at(4 * DAY), reviewsToSubscribers: false });
    expect(off.context.reviewsToSubscribers).toBe(false);
  });
});

describe('the harm watch process', () => {
  const args = watchInput();

  it('asks the patch as it opens, a continued run included, and gives the answer to the machine', () => {
    const asked: string[] = [];
    const patched = (id: string) => (asked.push(id), true);
    const bounds = { strict: true, strictRules: true, patched };
    expect(harmWatchProcess.open(args, new Date(at(0)), bounds)).toMatchObject({ input: { reviewsToSubscribers: true } });
    const resumed = { ...args, resume: run(harmWatchMachine, openWatch()).context };
    expect(harmWatchProcess.open(resumed, new Date(at(0)), { ...bounds, strict: false })).toMatchObject({ input: { reviewsToSubscribers: true } });
    expect(asked).toEqual([HARM_REVIEWS_TO_SUBSCRIBERS_PATCH, HARM_REVIEWS_TO_SUBSCRIBERS_PATCH]);
    // A history recorded before the patch answers false; outside a workflow there is nothing to ask.
    expect(harmWatchProcess.open(args, new Date(at(0)), { ...bounds, patched: () => false })).toMatchObject({ input: { reviewsToSubscribers: false } });
    expect(harmWatchProcess.open(args, new Date(at(0)), { strict: true, strictRules: true })).toMatchObject({ input: { reviewsToSubscribers: false } });
  });

  const recording = hw.record('none', at(35 * DAY)) as Extract<HarmWatchEvent, { type: 'review.recorded' }>;
  const enrichment = (name: string) => harmWatchProcess.enrichments![name]!;

  it('asks the board for its subscribers with the reviewer’s role check, only in a watch that tells them', () => {
    expect(enrichment(recordReview.name).input(reviewing({ reviewsToSubscribers: true }), recording)).toEqual({
      boardId: 'product-board',
      personId: 'rev',
      role: 'reviewer',
      action: 'record a benefit and harm review',
      withSubscribers: true,
    });
    // A watch opened before asks exactly what it asked then, so its history reads the same.
    expect(enrichment(recordReview.name).input(reviewing(), recording)).toEqual({ boardId: 'product-board', personId: 'rev', role: 'reviewer', action: 'record a benefit and harm review' });
    const triage = hw.triage('r1', 'low');
    expect(enrichment(triageHarm.name).input(openWatch({ reviewsToSubscribers: true }), triage)).not.toHaveProperty('withSubscribers');
  });

  it('adds the board’s answer to the event, and nothing for an answer recorded before it could say', () => {
    expect(enrichment(recordReview.name).merge({ subscribers: SUBSCRIBERS })).toEqual({ subscribers: SUBSCRIBERS });
    expect(enrichment(recordReview.name).merge(undefined)).toEqual({});
  });
});
