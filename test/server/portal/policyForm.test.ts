/** The product board's policy as a form and in words: what the board holds comes back from the form unchanged, and what the form cannot read is named at its field. */
import { describe, expect, it } from 'vitest';
import { defaultInitiativePolicy, initiativePolicySchema } from '../../../machines/initiativeBoard/policy';
import { defaultProductBoardPolicy, policySections } from '../../../machines/productBoard/policy';
import { boardPayloads } from '../../../machines/productBoard/schema';
import { initiativePayloads } from '../../../machines/initiativeBoard/schema';
import { initiativePolicyForm, keptSections, productBoardPolicyForm } from '../../../server/portal/pages/secretariat/policyForm';

const { fields: policyFields, values: policyFormValues, read: policyFromForm } = productBoardPolicyForm;
const policyFieldPaths = productBoardPolicyForm.fieldPaths('policy');
import { initiativePolicyInWords, productBoardPolicyInWords } from '../../../server/portal/policyWords';

const changed = (form: Record<string, string>) => {
  const { policy, problems } = policyFromForm(form);
  return { problems, parsed: boardPayloads['policy.changed'].safeParse({ by: 's-jo', policy, keep: keptSections, reference: 'Minute 4' }) };
};

describe('the policy form', () => {
  it('sends back the policy it was filled with, every section on the form or kept', () => {
    const { problems, parsed } = changed(policyFormValues(defaultProductBoardPolicy));
    expect(problems).toEqual([]);
    // What the form sets comes back as it was; a kept section (one added to the policy after the form) is not sent, and the board keeps its value.
    const onTheForm = Object.fromEntries(Object.entries(defaultProductBoardPolicy).filter(([section]) => !(keptSections as readonly string[]).includes(section)));
    expect(parsed.success && parsed.data.policy).toEqual(onTheForm);
    expect(new Set([...policyFields.map((f) => f.path[0]), ...keptSections])).toEqual(new Set(policySections));
  });

  it('names at its field a share, a rule or a list of days it cannot read', () => {
    const form = { ...policyFormValues(defaultProductBoardPolicy), 'quorum-share': 'half', 'passing-live': 'most of them', 'harm-firstReviewsAfterDays': '30, soon' };
    expect(changed(form).problems.map(([field]) => field)).toEqual(['quorum-share', 'passing-live', 'harm-firstReviewsAfterDays']);
  });

  it("leaves a number out of range to the policy's own bounds, whose refusal finds its field", () => {
    const { problems, parsed } = changed({ ...policyFormValues(defaultProductBoardPolicy), 'meetings-dayOfMonth': '40' });
    expect(problems).toEqual([]);
    expect(parsed.success).toBe(false);
    const path = ['policy', ...parsed.error!.issues[0]!.path.slice(1)].map(String).join('.');
    expect(policyFieldPaths[path]).toBe('meetings-dayOfMonth');
  });
});

describe("the initiative board's policy form, for a governance item", () => {
  const proposed = (form: Record<string, string>, now = defaultInitiativePolicy) => {
    const { policy, problems } = initiativePolicyForm.read(form);
    const changes = initiativePolicyForm.changes(now, policy);
    return { problems, changes, parsed: initiativePayloads['item.proposed'].safeParse({ by: 's-jo', title: 'Meet more often', text: 'Why', proposal: { decision: 'governance', changes } }) };
  };

  it('reads back the policy it was filled with, so that nothing has changed', () => {
    const { problems, changes } = proposed(initiativePolicyForm.values(defaultInitiativePolicy));
    expect(problems).toEqual([]);
    expect(changes).toEqual({});
    // Every section of the policy is on the form.
    expect(new Set(initiativePolicyForm.sections)).toEqual(new Set(Object.keys(initiativePolicySchema.shape)));
  });

  it('names only the sections changed, each whole, as the board takes them', () => {
    const { changes, parsed } = proposed({ ...initiativePolicyForm.values(defaultInitiativePolicy), 'meetings-everyMonths': '2', 'passing-funding': '2/3' });
    expect(changes).toEqual({
      meetings: { ...defaultInitiativePolicy.meetings, everyMonths: 2 },
      passing: { ...defaultInitiativePolicy.passing, funding: { kind: 'supermajority', atLeast: { numerator: 2, denominator: 3 } } },
    });
    expect(parsed.success).toBe(true);
  });

  it('reads a setting the policy predates as the engine does, and a change to it as a change', () => {
    const { votingReminderHours: _, resultsVisibility: __, lateQuorumHours: ___, ...recordedEarlier } = defaultInitiativePolicy;
    const form = initiativePolicyForm.values(recordedEarlier);
    expect([form.resultsVisibility, form.lateQuorumHours, form.votingReminderHours]).toEqual(['hiddenUntilClosed', '0', '24']);
    expect(proposed(form, recordedEarlier).changes).toEqual({});
    expect(proposed({ ...form, resultsVisibility: 'open', lateQuorumHours: '6' }, recordedEarlier).changes).toEqual({ resultsVisibility: 'open', lateQuorumHours: 6 });
  });

  it('names at its field what it cannot read, and leaves a bound to the schema', () => {
    expect(proposed({ ...initiativePolicyForm.values(defaultInitiativePolicy), 'quorum-share': 'most', resultsVisibility: 'everyone' }).problems.map(([field]) => field)).toEqual(['quorum-share', 'resultsVisibility']);
    const { problems, parsed } = proposed({ ...initiativePolicyForm.values(defaultInitiativePolicy), triageDays: '400' });
    expect(problems).toEqual([]);
    expect(parsed.success).toBe(false);
    const path = parsed.error!.issues[0]!.path.map(String).join('.');
    expect(initiativePolicyForm.fieldPaths('proposal.changes')[path]).toBe('triageDays');
  });
});

describe('a policy in words', () => {
  it("reads the numbers the board holds", () => {
    const product = Object.fromEntries(productBoardPolicyInWords({ ...defaultProductBoardPolicy, meetings: { ...defaultProductBoardPolicy.meetings, papersDeadlineDays: 3 } }).map((l) => [l.topic, l.words]));
    expect(product['Quorum']).toContain('More than half');
    expect(product['Passing']).toContain('Going live: approvals making at least two thirds');
    expect(product['Papers deadline']).toContain('at least 3 days before it');
    expect(product['Review schedule']).toContain('30 and 90 days later, then every 6 months');
    const initiative = Object.fromEntries(initiativePolicyInWords(defaultInitiativePolicy).map((l) => [l.topic, l.words]));
    expect(initiative['Quorum']).toContain('at least 1 of them with lived experience of poverty');
    expect(initiative['Submissions']).toContain('within 14 days');
  });
});
