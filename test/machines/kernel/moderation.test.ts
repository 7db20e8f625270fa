/**
 * The one rule of moderation both processes use (machines/kernel/moderation.ts), on its own: counting,
 * hiding, keeping, the final decisions, what the public reads, and the sentences people are refused with.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DEFAULT_FLAGS_TO_HIDE, flagRefusal, flagReasonWords, flagsToHideOf, intoOnlyWhenMerged, moderationDecisionId, moderationFields, moderationHeading, moderationLines,
  moderationNoticeSubject, moderationRecord, moderationRefusal, moderationSentence, publicModeration, publicSight, withDecision, withFlag, type Moderation,
} from '../../../machines/kernel/moderation';

const flag = (by: string, at = '2027-01-01T10:00:00.000Z') => ({ by, reason: 'spam' as const, at });
const flaggedBy = (people: string[], threshold = 3): Moderation => people.reduce<Moderation | undefined>((m, by) => withFlag(m, flag(by), threshold), undefined)!;
const decision = (outcome: 'kept' | 'merged' | 'removed', n = 1) => ({
  outcome,
  by: 'sec',
  at: '2027-01-02T10:00:00.000Z',
  reason: 'Looked at it',
  ...(outcome === 'merged' ? { into: 'S2' } : {}),
  decisionId: moderationDecisionId('S1', n),
});

describe('moderation', () => {
  it('hides at the threshold, not before, and says so to the public', () => {
    expect(flaggedBy(['a', 'b']).hiddenSince).toBeUndefined();
    expect(publicSight(flaggedBy(['a', 'b']))).toEqual({ shown: true });
    expect(flaggedBy(['a', 'b', 'c']).hiddenSince).toBe('2027-01-01T10:00:00.000Z');
    expect(publicSight(flaggedBy(['a', 'b', 'c']))).toMatchObject({ shown: false, why: 'hidden' });
    expect(flaggedBy(['a'], 1).hiddenSince).toBeDefined();
  });

  it('shows it again once kept, and counts flags afresh from then', () => {
    const kept = withDecision(flaggedBy(['a', 'b', 'c']), decision('kept'));
    expect(publicSight(kept)).toEqual({ shown: true });
    const again = ['d', 'e'].reduce((m, by) => withFlag(m, flag(by), 3), kept);
    expect(again.hiddenSince).toBeUndefined();
    expect(withFlag(again, flag('f'), 3).hiddenSince).toBeDefined();
  });

  it('refuses a second flag from the same person, and any flag or decision once merged or removed', () => {
    const m = flaggedBy(['a']);
    expect(flagRefusal(m, 'a', 'submission S1')).toBe('You have already flagged submission S1; each person flags a thing once. The secretariat will look at it.');
    expect(flagRefusal(m, 'b', 'submission S1')).toBeUndefined();
    expect(flagRefusal(flaggedBy(['a', 'b']), 'a', 'submission S1'), 'any of its flags is theirs').toMatch(/^You have already flagged/);
    expect(flagRefusal(flaggedBy(['a', 'b', 'c']), 'd', 'submission S1')).toBe(
      'Submission S1 is already hidden from the public until the secretariat looks at it; your flag was not recorded, and is not needed.',
    );
    const removed = withDecision(m, decision('removed'));
    expect(flagRefusal(removed, 'b', 'submission S1')).toBe('The secretariat already removed submission S1 (2027-01-02T10:00:00.000Z): Looked at it. Nothing was recorded.');
    expect(moderationRefusal(removed, 'Submission S1', 'kept')).toMatch(/^Submission S1 was already removed by the secretariat on 2027-01-02T10:00:00.000Z; that decision stands/);
  });

  it('keeps only what is flagged, but merges or removes anything not yet settled', () => {
    expect(moderationRefusal(undefined, 'Submission S1', 'kept')).toBe('Nobody has flagged Submission S1 since it was sent, so there is nothing to keep it against.');
    expect(moderationRefusal(undefined, 'Submission S1', 'removed')).toBeUndefined();
    expect(moderationRefusal(withDecision(flaggedBy(['a']), decision('kept')), 'Submission S1', 'kept')).toMatch(/since the secretariat last kept it/);
  });

  it('tells the public how many flagged it and why, never who', () => {
    const seen = publicModeration(flaggedBy(['a', 'b']));
    expect(seen).toEqual({ flags: 2, waiting: 2, reasons: ['spam'], decisions: [] });
    expect(JSON.stringify(seen)).not.toMatch(/"a"|"b"/);
  });

  it('records a decision with the flags it answered and tells the author', () => {
    const m = withDecision(flaggedBy(['a', 'b', 'c']), decision('merged'));
    expect(moderationRecord({ boardId: 'ib', subject: 'submission', subjectId: 'S1' }, m, m.decisions[0]!, 'author')).toEqual({
      decisionId: 'moderation-S1-1',
      kind: 'moderation',
      boardId: 'ib',
      subject: 'submission',
      subjectId: 'S1',
      outcome: 'merged',
      reason: 'Looked at it',
      into: 'S2',
      flags: 3,
      flagReasons: ['spam'],
      moderatedBy: 'sec',
      moderatedAt: '2027-01-02T10:00:00.000Z',
      notify: ['author'],
    });
    expect(publicSight(m)).toEqual({ shown: false, why: 'merged', words: 'A repeat of S2, which holds what it said.' });
  });
});

describe('the words of moderation', () => {
  const record = { subject: 'submission' as const, subjectId: 'ib-S4', outcome: 'merged' as const, into: 'ib-S2', flags: 3, flagReasons: ['spam', 'duplicate'] as const, reason: 'The same request.' };

  it('heads a decision and its notice, says what it answered, and lists a thing’s moderation for the command line', () => {
    expect(moderationHeading(record)).toBe('Submission ib-S4: merged into ib-S2 by the secretariat');
    expect(moderationHeading({ ...record, subject: 'harmReport', subjectId: 'harm-p1-R1', outcome: 'removed' })).toBe('Harm report harm-p1-R1: removed by the secretariat');
    expect(moderationNoticeSubject({ ...record, outcome: 'kept' })).toBe('Your submission ib-S4: kept by the secretariat');
    expect(moderationSentence(record)).toBe('Flagged by 3 people (spam or advertising; it repeats one already sent). The same request.');
    expect(moderationSentence({ ...record, flags: 1, flagReasons: ['abuse'] })).toBe('Flagged by 1 person (abusive, threatening or hateful). The same request.');
    expect(moderationSentence({ ...record, flags: 0, flagReasons: [] }), 'removed unflagged: the reason alone').toBe('The same request.');
    const m = withDecision(flaggedBy(['a', 'b']), decision('kept'));
    expect(moderationLines({ ...publicModeration(m), flaggedBy: m.flags })).toEqual([
      'Flagged 2 times by a (spam), b (spam)',
      '  moderation-S1-1: kept by sec at 2027-01-02T10:00:00.000Z: Looked at it',
    ]);
    expect(moderationLines(publicModeration(flaggedBy(['a'], 1)))).toEqual(['Flagged 1 time (spam); hidden from the public since 2027-01-01T10:00:00.000Z']);
    const merged = withDecision(withFlag(flaggedBy(['a']), { by: 'b', reason: 'duplicate', at: '2027-01-01T11:00:00.000Z' }, 3), decision('merged'));
    expect(moderationLines(publicModeration(merged))).toEqual(['Flagged 2 times (spam, duplicate)', '  moderation-S1-1: merged into S2 by sec at 2027-01-02T10:00:00.000Z: Looked at it']);
    expect(flagReasonWords.personalData).toBe('it shows personal details about someone');
  });

  it('takes the policy’s number, or three, and an into only with merged', () => {
    expect(flagsToHideOf({})).toBe(DEFAULT_FLAGS_TO_HIDE);
    expect(DEFAULT_FLAGS_TO_HIDE).toBe(3);
    expect(flagsToHideOf({ flagsToHide: 5 })).toBe(5);
    const payload = z.strictObject(moderationFields).superRefine(intoOnlyWhenMerged);
    const issues = (p: object) => (payload.safeParse(p).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ outcome: 'merged', reason: 'Same' })).toEqual(['into: name the submission or report it repeats (into)']);
    expect(issues({ outcome: 'kept', reason: 'Fine', into: 'S2' })).toEqual(['into: into goes only with the merged outcome']);
    expect(issues({ outcome: 'merged', reason: 'Same', into: 'S2' })).toEqual([]);
    expect(issues({ outcome: 'hide', reason: 'x' })).toEqual(['outcome: the secretariat keeps it, merges it or removes it: kept, merged, removed']);
  });

  it('says in words why the public cannot read it', () => {
    expect(publicSight(withDecision(flaggedBy(['a']), decision('removed')))).toEqual({ shown: false, why: 'removed', words: 'Removed by the secretariat on 2027-01-02: Looked at it' });
    expect(publicSight(flaggedBy(['a', 'b', 'c']))).toEqual({ shown: false, why: 'hidden', words: 'Hidden after people flagged it, until the secretariat looks at it.' });
    expect(publicModeration(flaggedBy(['a', 'b', 'c']))).toMatchObject({ hiddenSince: '2027-01-01T10:00:00.000Z', waiting: 3 });
    expect(publicModeration(withDecision(flaggedBy(['a', 'b', 'c']), decision('kept')))).not.toHaveProperty('hiddenSince');
    const mixed = withFlag(withFlag(undefined, flag('a'), 3), { by: 'b', reason: 'abuse', at: '2027-01-01T11:00:00.000Z' }, 3);
    expect(publicModeration(mixed).reasons, 'each reason any flag gave, in the order of the list').toEqual(['spam', 'abuse']);
  });
});
