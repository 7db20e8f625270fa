import { describe, expect, it } from 'vitest';
import { noticeOf } from '../../activities/notices';
import type { PublishedRecord } from '../../activities/decisionRegister';

// Only the fields a notice reads; the rest of a record does not change what people are told.
const minutes = { kind: 'initiativeMinutes', decisionId: 'initiative-board-M1', boardId: 'initiative-board', meeting: { startsAt: '2027-03-01T10:00:00Z' }, items: [], compositionSummary: 'Composition met.' } as unknown as PublishedRecord;
const decision = { kind: 'initiativeDecision', decisionId: 'initiative-board-I1', boardId: 'initiative-board', outcome: 'approved', title: 'Revise good data', explanation: 'Passed 7 to 0.' } as unknown as PublishedRecord;

describe('notices', () => {
  it('points initiative board subscribers to a govern command that exists', () => {
    for (const record of [minutes, decision]) {
      expect(noticeOf(record).body).toContain('govern initiative minutes');
      expect(noticeOf(record).body).not.toContain('--board');
    }
  });
});
