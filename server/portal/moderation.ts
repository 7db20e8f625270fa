/**
 * Moderation as the portal's pages say it: the reasons a flag form offers, how many flagged a thing and
 * why, and whether the secretariat's word on it is final. The words and the rules are the engine's
 * (machines/kernel/moderation.ts); this only puts them the way a page shows them.
 */
import { flagReasonWords, flagReasons, moderationSentence, settled, type Flag, type FlagReason, type ModerationDecision, type PublicModeration } from '../../machines/kernel/moderation';
import { capitalised } from './forms';

/** The four reasons, as a flag form's radios offer them. */
export const flagChoices = flagReasons.map((value) => ({ value, text: capitalised(flagReasonWords[value]) }));

/** "Flagged by 3 people (spam or advertising; it repeats one already sent)." — the register's and the notices' words; undefined when nobody flagged it. */
export function flaggedInWords(flags: number, reasons: readonly FlagReason[]): string | undefined {
  return flags ? moderationSentence({ flags, flagReasons: reasons, reason: '' }).trim() : undefined;
}

/** Moderation as the board reads it: every flag with who gave it. */
type BoardModeration = PublicModeration & { readonly flaggedBy?: readonly Flag[] };

/** The secretariat's final word on it (merged or removed), by the engine's rule: then nobody flags or decides it again. */
export const finalDecision = (m: Pick<PublicModeration, 'decisions'> | undefined): ModerationDecision | undefined => settled(m);

/** The flags the secretariat has not answered: the newest `waiting` (those since it last kept the thing), none once its word is final. */
export function unanswered(m: BoardModeration | undefined): readonly Flag[] {
  if (!m?.flaggedBy || finalDecision(m) || m.waiting === 0) return [];
  return m.flaggedBy.slice(-m.waiting);
}

/** A flag as a list shows it: who, why in words, when. */
export const flagLine = (f: Flag): { by: string; why: string; at: string } => ({ by: f.by, why: flagReasonWords[f.reason], at: f.at });
