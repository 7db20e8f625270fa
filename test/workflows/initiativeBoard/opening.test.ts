/**
 * How an initiative board run is opened from its workflow argument: whether it has the vote notices is
 * asked of the patch by every run, a continued one included, and never taken from the run before.
 */
import { describe, expect, it } from 'vitest';
import { initiativeBoardProcess, type InitiativeOpening } from '../../../workflows/initiativeBoard/workflow';
import { GOOD_DATA_CARDS_PATCH, INITIATIVE_VOTE_NOTICES_PATCH, ONE_ELIGIBILITY_RULE_PATCH, KPI_TRACKING_PATCH } from '../../../workflows/patches';
import { initiativeConfig } from '../../support/initiativeFixtures';
import { openInitiative } from '../../support/initiativeMachineFixtures';

const now = new Date('2026-06-02T09:00:00.000Z');
const bounds = { strict: false, strictRules: true };
/** Temporal's `patched` as a run started since the patch answers it (true), or one recorded before (false). */
const patchedIs = (on: boolean) => (id: string) => on && id === INITIATIVE_VOTE_NOTICES_PATCH;
const inputOf = (args: InitiativeOpening, patched?: (id: string) => boolean) => {
  const opening = initiativeBoardProcess.open(args, now, { ...bounds, ...(patched ? { patched } : {}) });
  if (!('input' in opening)) throw new Error(opening.refusal);
  return opening.input;
};

describe('opening an initiative board run', () => {
  const fresh: InitiativeOpening = { config: initiativeConfig(), openedBy: 'sec' };

  it('turns the vote notices on in a run started since the patch, and leaves them off in one recorded before', () => {
    expect(inputOf(fresh, patchedIs(true)).notices).toBe(true);
    expect(inputOf(fresh, patchedIs(false))).not.toHaveProperty('notices');
    expect(inputOf(fresh)).not.toHaveProperty('notices');
  });

  it('asks again in a run that continues the board as new: on since the patch whatever the run before had', () => {
    const before = openInitiative({}, { notices: false }).context;
    const withNotices = openInitiative({}, { notices: true }).context;
    expect(inputOf({ ...fresh, resume: before }, patchedIs(true)).notices).toBe(true);
    expect(inputOf({ ...fresh, resume: withNotices }, patchedIs(true)).notices).toBe(true);
    // Replaying a continued run recorded before the patch: off, as it ran.
    expect(inputOf({ ...fresh, resume: withNotices }, patchedIs(false))).not.toHaveProperty('notices');
  });

  it('asks for good-data cards in every run, a continued one included, and takes the answer from this run alone', () => {
    const cards = (id: string) => id === GOOD_DATA_CARDS_PATCH;
    expect(inputOf(fresh, cards).goodDataCards).toBe(true);
    expect(inputOf(fresh, patchedIs(false))).not.toHaveProperty('goodDataCards');
    const withCards = openInitiative({}, { goodDataCards: true }).context;
    expect(withCards.goodDataCards).toBe(true);
    // The run before's answer is never carried: this run's input alone says.
    expect(openInitiative({}, { resume: withCards }).context).not.toHaveProperty('goodDataCards');
    expect(openInitiative({}, { resume: openInitiative().context, goodDataCards: true }).context.goodDataCards).toBe(true);
  });

  it('tracks KPIs in a run opened since the kpi-tracking patch, each run asking afresh', () => {
    expect(inputOf(fresh, (id) => id === KPI_TRACKING_PATCH).kpiTracking).toBe(true);
    expect(inputOf(fresh, patchedIs(false))).not.toHaveProperty('kpiTracking');
    const tracking = openInitiative({}, { kpiTracking: true }).context;
    expect(openInitiative({}, { resume: tracking }).context).not.toHaveProperty('kpiTracking');
    expect(openInitiative({}, { resume: openInitiative().context, kpiTracking: true }).context.kpiTracking).toBe(true);
  });

  it('asks each patch once for a configuration it accepts, and none for one it refuses, so a refused start records no marker', () => {
    const asked: string[] = [];
    const patched = (id: string) => (asked.push(id), true);
    initiativeBoardProcess.open(fresh, now, { ...bounds, patched });
    expect(asked).toEqual([INITIATIVE_VOTE_NOTICES_PATCH, ONE_ELIGIBILITY_RULE_PATCH, GOOD_DATA_CARDS_PATCH, KPI_TRACKING_PATCH]);
    const refused = initiativeBoardProcess.open({ ...fresh, config: { ...initiativeConfig(), roster: undefined } as unknown as InitiativeOpening['config'] }, now, { ...bounds, patched });
    expect(refused).toMatchObject({ refusal: expect.stringMatching(/^Initiative board configuration: /) });
    expect(asked).toEqual([INITIATIVE_VOTE_NOTICES_PATCH, ONE_ELIGIBILITY_RULE_PATCH, GOOD_DATA_CARDS_PATCH, KPI_TRACKING_PATCH]);
  });
});
