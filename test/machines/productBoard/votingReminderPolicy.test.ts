/**
 * The reminder's lead time is a section of the product board's policy: bounded, defaulting to 24 hours,
 * changed by the board like any other section, and, being newer than `keep`, left as it is by a
 * whole-policy change that does not mention it (a change written before it existed could not).
 */
import { describe, expect, it } from 'vitest';
import { parsePayload } from '../../../machines/kernel/schema';
import { defaultProductBoardPolicy, productBoardPolicySchema, votingReminderHoursOf, type ProductBoardPolicy } from '../../../machines/productBoard/policy';
import { boardPayloads } from '../../../machines/productBoard/schema';
import { boardMachine, type BoardEvent } from '../../../machines/productBoard/machine';
import { HOUR, at, openBoard, run } from '../../support/boardFixtures';

const change = (policy: object, extra: object = {}) => parsePayload(boardPayloads['policy.changed'], { by: 'sec', policy, reference: 'Decision 2026-07', ...extra }, { strict: true });
const { votingReminderHours: _lead, ...withoutLead } = defaultProductBoardPolicy;

describe('the voting reminder lead time in the product board policy', () => {
  it('means 24 hours when a policy leaves it out, and parses such a policy to what it was before the section existed', () => {
    const parsed = productBoardPolicySchema.parse(withoutLead);
    expect(parsed).not.toHaveProperty('votingReminderHours');
    expect(votingReminderHoursOf(parsed)).toBe(24);
    expect(votingReminderHoursOf(productBoardPolicySchema.parse({ ...withoutLead, votingReminderHours: 6 }))).toBe(6);
  });

  it.each([0, 0.5, 337, -3])('refuses %s hours, saying what to send', (hours) => {
    const parsed = change({ ...defaultProductBoardPolicy, votingReminderHours: hours });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toContain('the hours before voting closes that members who have not voted are reminded is a whole number from 1 to 336');
  });

  it('takes a change to it, and the board applies it to items opened from then on', () => {
    const parsed = change({ ...defaultProductBoardPolicy, votingReminderHours: 48 });
    expect(parsed.success).toBe(true);
    const s = run(boardMachine, openBoard()[0], { type: 'policy.changed', ...parsed.data!, at: at(HOUR) } as BoardEvent);
    expect(s.context.policy.votingReminderHours).toBe(48);
  });

  it('stays as the board set it when a later whole-policy change does not mention it', () => {
    const first = change({ ...defaultProductBoardPolicy, votingReminderHours: 6 });
    const second = change({ ...withoutLead, chairHasCastingVote: true });
    expect(second.success).toBe(true);
    expect(Object.keys(second.data!.policy)).not.toContain('votingReminderHours');
    const s = run(
      boardMachine,
      openBoard()[0],
      { type: 'policy.changed', ...first.data!, at: at(HOUR) } as BoardEvent,
      { type: 'policy.changed', ...second.data!, at: at(2 * HOUR) } as BoardEvent,
    );
    expect(s.context.policy).toMatchObject({ votingReminderHours: 6, chairHasCastingVote: true } satisfies Partial<ProductBoardPolicy>);
  });

  it('may be named in keep like any other section', () => {
    const parsed = change({ ...withoutLead }, { keep: ['votingReminderHours'] });
    expect(parsed.success).toBe(true);
  });

  it('is still required of the sections older than keep: leaving one out is refused', () => {
    const { harm: _harm, ...withoutHarm } = defaultProductBoardPolicy;
    const parsed = change(withoutHarm);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/leaves out "harm"/);
  });
});
