/**
 * A written procedure leaves members the policy's minimum time to vote (by default 48 hours), on a
 * board started with the stricter rules; a board whose history is older takes what it took then.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { boardMachine, type BoardEvent, type BoardSnapshot } from '../../../machines/productBoard/machine';
import { explainBoardRefusal } from '../../../machines/productBoard/view';
import { defaultMeetingCadence, meetingCadenceSchema } from '../../../machines/productBoard/policy';
import { DAY, HOUR, at, boardEvents as e, boardInput, run } from '../../support/boardFixtures';

const strictBoard = (policy: Parameters<typeof boardInput>[0] = {}) => initialTransition(boardMachine, { ...boardInput(policy), strict: true })[0];
const registered = (s: BoardSnapshot) => run(boardMachine, s, e.register());
const written = (deadline: string) => e.place('w1', at(DAY), { by: 'm1', procedure: 'written', deadline });

/** A refused event changes nothing and is explained. */
function refusal(s: BoardSnapshot, event: BoardEvent): string | undefined {
  expect(s.can(event)).toBe(false);
  expect(transition(boardMachine, s, event)[0].context).toEqual(s.context);
  return explainBoardRefusal(s, event);
}

describe('the least time a written procedure gives members', () => {
  it('refuses a deadline under 48 hours away, saying the earliest it takes', () => {
    const s = registered(strictBoard());
    const deadline = new Date(Date.parse(at(DAY)) + 47 * HOUR).toISOString();
    expect(refusal(s, written(deadline))).toBe(
      `The written procedure's deadline ${deadline} is too soon: members have at least 48 hours to vote by written procedure. ` +
        `Set a deadline at or after ${at(3 * DAY)}; nothing was recorded.`,
    );
  });

  it('takes a deadline exactly 48 hours away', () => {
    const s = run(boardMachine, registered(strictBoard()), written(at(3 * DAY)));
    expect(s.context.agenda.map((i) => [i.itemId, i.votingClosesAt])).toEqual([['w1', at(3 * DAY)]]);
  });

  it('holds to the minimum the policy sets instead', () => {
    const s = registered(strictBoard({ meetings: { ...defaultMeetingCadence, writtenProcedureMinHours: 72 } }));
    expect(refusal(s, written(at(3 * DAY)))).toMatch(/too soon: members have at least 72 hours.*at or after 2026-06-05T/);
    expect(run(boardMachine, s, written(at(4 * DAY))).context.agenda).toHaveLength(1);
  });

  it('takes a shorter deadline on a board whose history is older than the stricter rules', () => {
    const s = run(boardMachine, registered(initialTransition(boardMachine, boardInput())[0]), written(new Date(Date.parse(at(DAY)) + HOUR).toISOString()));
    expect(s.context.agenda).toHaveLength(1);
  });

  it('keeps the rule after the board continues as new, when the new run has the stricter rules', () => {
    const old = registered(initialTransition(boardMachine, boardInput())[0]);
    const [resumed] = initialTransition(boardMachine, { ...boardInput(), resume: old.context, strict: true });
    expect(resumed.can(written(new Date(Date.parse(at(DAY)) + HOUR).toISOString()))).toBe(false);
  });

  it('refuses a minimum the policy cannot mean, and parses a cadence without one as it did', () => {
    const parsed = meetingCadenceSchema.safeParse({ ...defaultMeetingCadence, writtenProcedureMinHours: 0 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('the least hours a written procedure gives members to vote is more than 0');
    expect(meetingCadenceSchema.parse(defaultMeetingCadence)).toEqual(defaultMeetingCadence);
  });
});
