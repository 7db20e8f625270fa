/**
 * The one rule of moderation both processes use (machines/kernel/moderation.ts), on its own: counting,
 * hiding, keeping, the final decisions, what the public reads, and the sentences people are refused with.
 */
import { describe, expect, it } from 'vitest';
import {
  flagRefusal, moderationDecisionId, moderationRecord, moderationRefusal, publicModeration, publicSight, withDecision, withFlag, type Moderation,
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
