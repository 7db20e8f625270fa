/**
 * The host's first line of defence: every payload a person can send is parsed
 * by its command's zod schema. Malformed payloads must be refused with issues a
 * secretariat can read (describeIssues), and nothing a caller sends may make
 * parsing throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { boardConfigSchema } from '../../machines/productBoard/schema';
import { gateReviewRequestSchema } from '../../machines/gateReview/schema';
import { defaultProductBoardPolicy } from '../../machines/productBoard/policy';
import type { AnyCommand } from '../../workflows/host/commands';
import { gateReviewCommands } from '../../workflows/gateReview/messages';
import { boardCommands } from '../../workflows/productBoard/messages';
import { productCommands } from '../../workflows/product/messages';
import { meetingCommands } from '../../workflows/boardMeeting/messages';
import { harmWatchCommands } from '../../workflows/harmWatch/messages';
import { initiativeCommands } from '../../workflows/initiativeBoard/messages';
import { describeIssues } from '../../machines/kernel/schema';
import { boardRoster, principles, selfAssessment } from '../support/boardFixtures';
import { gateReviewRequest } from '../support/gateReviews';
import { expectIssues, malformed } from '../support/hostModel';

const due = '2026-07-01T12:00:00Z';

/** One valid payload per command, by process and event type. */
const valid: Record<string, Record<string, Record<string, unknown>>> = {
  gateReview: {
    'vote.cast': { by: 'm2', choice: 'approveWithConditions', conditions: ['Publish the DPIA'], reason: 'Good work' },
    'vote.changed': { by: 'm2', choice: 'reject', reason: 'Changed my mind' },
    'interest.declared': { by: 'm3', interest: 'Consults for the supplier' },
    'voting.closed': { by: 'sec' },
    'assessment.commissioned': { by: 'm2', assessor: 'Open Data Lab', question: 'Is it safe?', dueAt: due },
    'assessment.reported': { by: 'sec', report: 'https://example.org/report', summary: 'Safe enough' },
    'castingVote.cast': { by: 'm1', choice: 'approve', reason: 'Settles it' },
    'publication.retried': { by: 'sec' },
    'member.removed': { by: 'board-product-board', memberId: 'm4' },
  },
  board: {
    'member.appointed': { by: 'sec', member: { id: 'm9', name: 'Nia', technical: false }, reference: 'Minute 12' },
    'member.removed': { by: 'sec', memberId: 'm4', reason: 'Resigned' },
    'chair.appointed': { by: 'sec', memberId: 'm2' },
    'policy.changed': { by: 'sec', policy: defaultProductBoardPolicy, reference: 'Decision 2026-07' },
    'principle.adopted': { by: 'sec', scope: 'board', principle: { id: 'fair', title: 'Fair' }, reference: 'Decision 2026-08' },
    'policy.amended': { by: 'initiative-iiigb', changes: { votingPeriodDays: 10 }, reference: 'Decision iiigb-2027-07-15-iiigb-I9' },
    'principles.guidingSet': { by: 'initiative-iiigb', principles: [{ id: 'good-data', title: 'Good data' }], reference: 'Decision iiigb-2027-01-15-iiigb-I2' },
    'subscriber.added': { by: 'fan' },
    'subscriber.removed': { by: 'fan' },
    'meetings.paused': { by: 'sec', reason: 'Summer recess' },
    'meetings.resumed': { by: 'sec' },
    'meeting.called': { by: 'm1', startsAt: due },
    'product.registered': { by: 'sec', product: { id: 'p2', name: 'Product two' } },
    'item.placed': { by: 'sec', itemId: 'gr-p1-prioritisation-1', productId: 'p1', gate: 'prioritisation', papers: ['https://example.org/p'], selfAssessment },
  },
  product: {
    'gate.requested': { by: 'sec', gate: 'alpha', procedure: 'written', deadline: due, papers: [], selfAssessment },
    'condition.closed': { by: 'sec', conditionId: 'gr-p1-alpha-1-c1', evidence: 'https://example.org/evidence' },
  },
  meeting: {
    'attendance.recorded': { by: 'sec', present: ['m1', 'm2'] },
  },
  harmWatch: {
    'harm.reported': { reportId: 'h1', by: 'resident-1', summary: 'The checker told me I was not eligible', details: 'I am, and I lost a month of support.' },
    'harm.triaged': { by: 'sec', reportId: 'h1', severity: 'medium', note: 'Confirmed in the logs', actionPlan: { description: 'Fix the rule', dueAt: due, owner: 'Product team' } },
    'action.completed': { by: 'sec', reportId: 'h1', evidence: 'https://example.org/fix' },
    'harm.flagged': { by: 'resident-2', reportId: 'h1', reason: 'personalData' },
    'harm.moderated': { by: 'sec', reportId: 'h2', outcome: 'merged', reason: 'The same harm as h1', into: 'h1' },
    'review.recorded': { by: 'rev', benefits: ['Claims take half the time'], harms: ['Some are misled'], worstHarm: 'low', summary: 'Mostly good' },
    'lifecycle.changed': { change: 'suspended', decisionId: 'gr-p1-live-1' },
  },
  initiative: {
    'submission.made': { title: 'Map food banks', text: 'Nobody can find them.', proposal: { decision: 'funding', gap: 'food bank map', priority: 'high' } },
    'submission.triaged': { by: 'sec', submissionId: 'iiigb-S1', outcome: 'merged', reason: 'Same as I2', mergedInto: 'iiigb-I2' },
    'submission.flagged': { by: 'resident-2', submissionId: 'iiigb-S1', reason: 'spam' },
    'submission.moderated': { by: 'sec', submissionId: 'iiigb-S1', outcome: 'removed', reason: 'It named a neighbour' },
    'item.proposed': { by: 'i2', title: 'Recognise the map', text: 'It is used widely.', proposal: { decision: 'recognition', resource: { id: 'map', kind: 'service', name: 'Map' } } },
    'interest.declared': { by: 'i3', itemId: 'iiigb-I1', interest: 'I run the service' },
    'vote.cast': { by: 'i2', itemId: 'iiigb-I1', choice: 'approveWithConditions', conditions: ['Publish the licence'] },
    'vote.changed': { by: 'i2', itemId: 'iiigb-I1', choice: 'reject', reason: 'Changed my mind' },
    'castingVote.cast': { by: 'i1', itemId: 'iiigb-I1', choice: 'approve' },
    'attendance.recorded': { by: 'sec', present: ['i1', 'i2'] },
    'research.commissioned': { by: 'i4', itemId: 'iiigb-I3', researcher: 'Uni', question: 'Where is the gap?', dueAt: due },
    'research.reported': { by: 'sec', itemId: 'iiigb-I3', report: 'https://example.org/research' },
    'action.recorded': { by: 'sec', text: 'Write to the volunteers', owner: 'sec' },
    'action.completed': { by: 'sec', actionId: 'iiigb-A1', evidence: 'Sent' },
    'kpi.progressRecorded': { by: 'sec', kpi: 'Households reached', value: 2100, evidence: 'The food bank network’s count for the quarter' },
    'member.appointed': { by: 'sec', member: { id: 'i13', name: 'Nia', livedExperience: true } },
    'member.removed': { by: 'sec', memberId: 'i4', reason: 'Resigned' },
    'chair.appointed': { by: 'sec', memberId: 'i2', reference: 'Minute 4' },
    'stakeholder.subscribed': { by: 'fan', level: 'anchorPartner' },
    'stakeholder.unsubscribed': { by: 'fan' },
  },
};

/** Every process's commands, from its messages module: a command added there without a sample fails below. */
const commandsInCode: Record<string, readonly AnyCommand[]> = {
  gateReview: gateReviewCommands,
  board: boardCommands,
  product: productCommands,
  meeting: meetingCommands,
  harmWatch: harmWatchCommands,
  initiative: initiativeCommands,
};

const cases = Object.entries(commandsInCode).flatMap(([process, commands]) =>
  commands.map(({ eventType: type, schema }) => ({ process, type, schema: schema as z.ZodType, sample: valid[process]?.[type] })),
);

/** Parses without letting anything but a result out. */
function parse(schema: z.ZodType, payload: unknown) {
  let result: ReturnType<z.ZodType['safeParse']> | undefined;
  expect(() => {
    result = schema.safeParse(payload);
  }).not.toThrow();
  return result!;
}

describe('command payload schemas under malformed input', () => {
  it('has a valid sample for every command of every process, and none for a command that is gone', () => {
    expect(cases.filter((c) => c.sample === undefined).map((c) => `${c.process}:${c.type}`), 'commands without a sample').toEqual([]);
    const inCode = new Set(cases.map((c) => `${c.process}:${c.type}`));
    const samples = Object.entries(valid).flatMap(([process, byType]) => Object.keys(byType).map((type) => `${process}:${type}`));
    expect(samples.filter((s) => !inCode.has(s)), 'samples for no command').toEqual([]);
  });

  for (const { process, type, schema, sample = {} } of cases) {
    it(`accepts the sample ${type} payload of a ${process}`, () => {
      expect(schema.safeParse(sample).success).toBe(true);
    });

    it(`refuses every malformed ${type} payload of a ${process} with readable issues`, () => {
      fc.assert(
        fc.property(malformed(schema, sample), (payload) => {
          const result = parse(schema, payload);
          expect(result.success, `accepted ${JSON.stringify(payload)}`).toBe(false);
          if (!result.success) expectIssues(result.error);
        }),
        { numRuns: 150 },
      );
    });

    it(`never throws on arbitrary ${type} input to a ${process}, and explains every refusal`, () => {
      fc.assert(
        fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }), (payload) => {
          const result = parse(schema, payload);
          if (!result.success) expectIssues(result.error);
        }),
        { numRuns: 100 },
      );
    });
  }
});

describe('opening payloads under malformed input', () => {
  const openings = [
    { name: 'gate review request', schema: gateReviewRequestSchema as z.ZodType, sample: gateReviewRequest() as unknown as Record<string, unknown> },
    { name: 'board configuration', schema: boardConfigSchema as z.ZodType, sample: { roster: boardRoster, policy: defaultProductBoardPolicy, principles } as Record<string, unknown> },
  ];
  for (const { name, schema, sample } of openings) {
    it(`refuses every malformed ${name} with readable issues`, () => {
      expect(schema.safeParse(sample).success).toBe(true);
      fc.assert(
        fc.property(malformed(schema, sample), (payload) => {
          const result = parse(schema, payload);
          expect(result.success).toBe(false);
          if (!result.success) expectIssues(result.error);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('says which roster rule a board breaks: a duplicate member, too many members, a chair who is not one', () => {
    const members = fc.uniqueArray(fc.constantFrom<string>('m1', 'm2', 'm3', 'm4', 'm5', 'm6'), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(members, fc.integer({ min: 1, max: 8 }), fc.constantFrom<string>('m1', 'm9'), fc.boolean(), (ids, seats, chair, duplicate) => {
        const list = (duplicate ? [...ids, ids[0]!] : ids).map((id) => ({ id, name: id }));
        const roster = { boardId: 'b', seats, members: list, chair, secretariat: ['sec'] };
        const result = boardConfigSchema.safeParse({ roster, policy: defaultProductBoardPolicy });
        const problems = [duplicate, list.length > seats, !ids.includes(chair)];
        expect(result.success).toBe(!problems.some(Boolean));
        if (!result.success) {
          const text = describeIssues(result.error);
          if (duplicate) expect(text).toContain('listed twice');
          if (list.length > seats) expect(text).toContain(`${list.length} members for ${seats} seats`);
          if (!ids.includes(chair)) expect(text).toContain(`the chair ${chair} is not a member`);
        }
      }),
      { numRuns: 200 },
    );
  });
});
