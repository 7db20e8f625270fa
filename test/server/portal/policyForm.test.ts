/** The product board's policy as a form and in words: what the board holds comes back from the form unchanged, and what the form cannot read is named at its field. */
import { describe, expect, it } from 'vitest';
import { defaultInitiativePolicy } from '../../../machines/initiativeBoard/policy';
import { defaultProductBoardPolicy, policySections } from '../../../machines/productBoard/policy';
import { boardPayloads } from '../../../machines/productBoard/schema';
import { keptSections, productBoardPolicyForm } from '../../../server/portal/pages/secretariat/policyForm';

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
