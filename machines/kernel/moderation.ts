/**
 * Moderation of public input (issue 18 item 4), one rule for both kinds of it: a submission to the
 * initiative board and a harm report on a live product. Anyone signed in may flag either once (spam,
 * abuse, personal data, a duplicate); at the policy's number of flags it is hidden from the public
 * until the secretariat keeps it, merges it with the one it duplicates, or removes it, with a reason
 * that is published to the register and told to the author. As Decidim hides a reported item after
 * three reports until a moderator looks; unlike it, a harm report is never hidden from the board.
 *
 * The machines keep a `Moderation` on each flagged thing; their views ask `publicSight` what the
 * public may read of it. Who flagged stays with the board: the public sees how many, and why.
 */
import { z } from 'zod';
import { recordId, wholeNumber } from './schema';
import { reasonText } from './input';

export const flagReasons = ['spam', 'abuse', 'personalData', 'duplicate'] as const;
export type FlagReason = (typeof flagReasons)[number];

/** What each reason means, in the words the flag form and the notices use. */
export const flagReasonWords: Readonly<Record<FlagReason, string>> = {
  spam: 'spam or advertising',
  abuse: 'abusive, threatening or hateful',
  personalData: 'it shows personal details about someone',
  duplicate: 'it repeats one already sent',
};

export const moderationOutcomes = ['kept', 'merged', 'removed'] as const;
export type ModerationOutcome = (typeof moderationOutcomes)[number];

/** The policy's number of flags that hides a thing from the public, when the policy leaves it out (Decidim's three). */
export const DEFAULT_FLAGS_TO_HIDE = 3;

/** The policy field both boards' policies carry: optional, so a policy recorded before it parses as it did. */
export const flagsToHideSchema = wholeNumber('the number of flags that hides public input until the secretariat looks', 1, 50).optional();

export const flagsToHideOf = (policy: { readonly flagsToHide?: number | undefined }): number => policy.flagsToHide ?? DEFAULT_FLAGS_TO_HIDE;

/** The fields of a flag command, beside the id of what is flagged (each process names its own). */
export const flagFields = {
  reason: z.enum(flagReasons, { error: `a flag says why: ${flagReasons.join(', ')}` }),
};

/** The fields of a moderation command, beside the id of what is moderated. */
export const moderationFields = {
  outcome: z.enum(moderationOutcomes, { error: `the secretariat keeps it, merges it or removes it: ${moderationOutcomes.join(', ')}` }),
  /** Published to the register and told to the author. */
  reason: reasonText('the reason', { empty: 'say why, for the register and the author' }),
  /** The submission or report it duplicates: only with merged. */
  into: recordId.optional(),
};

/** Refines a moderation payload: `into` goes with merged, and only with it. */
export function intoOnlyWhenMerged(m: { readonly outcome: ModerationOutcome; readonly into?: string | undefined }, ctx: z.RefinementCtx): void {
  if (m.outcome === 'merged' && !m.into) ctx.addIssue({ code: 'custom', path: ['into'], message: 'name the submission or report it repeats (into)' });
  if (m.outcome !== 'merged' && m.into) ctx.addIssue({ code: 'custom', path: ['into'], message: 'into goes only with the merged outcome' });
}

export interface Flag {
  readonly by: string;
  readonly reason: FlagReason;
  readonly at: string;
}

export interface ModerationDecision {
  readonly outcome: ModerationOutcome;
  readonly by: string;
  readonly at: string;
  readonly reason: string;
  readonly into?: string;
  readonly decisionId: string;
}

export interface Moderation {
  /** Every flag, one per person. */
  readonly flags: readonly Flag[];
  /** Flags since the secretariat last kept it: at the policy's number it is hidden again. */
  readonly counting: number;
  /** Set while hidden for its flags. */
  readonly hiddenSince?: string;
  /** The secretariat's decisions, oldest first. */
  readonly decisions: readonly ModerationDecision[];
}

/** The secretariat's final word, when it merged or removed the thing: then nothing more is flagged or decided. */
export const settled = (m: Pick<Moderation, 'decisions'> | undefined): ModerationDecision | undefined => {
  const last = m?.decisions.at(-1);
  return last && last.outcome !== 'kept' ? last : undefined;
};

/**
 * Why `by` may not flag it, or undefined. `what` names it ("submission initiative-board-S4"). A thing holds at
 * most the policy's number of flags for each time the secretariat keeps it, so flags cannot grow a process's state.
 */
export function flagRefusal(m: Moderation | undefined, by: string, what: string): string | undefined {
  const done = settled(m);
  if (done) return `The secretariat already ${done.outcome} ${what} (${done.at}): ${done.reason}. Nothing was recorded.`;
  if (m?.flags.some((f) => f.by === by)) return `You have already flagged ${what}; each person flags a thing once. The secretariat will look at it.`;
  // Bounds what a thing carries: no more flags than hide it, until the secretariat has looked.
  if (m?.hiddenSince) return `${what[0]!.toUpperCase()}${what.slice(1)} is already hidden from the public until the secretariat looks at it; your flag was not recorded, and is not needed.`;
  return undefined;
}

/**
 * Why the secretariat cannot decide so on it now, or undefined. It may merge or remove anything not yet
 * merged or removed (personal data it noticed itself, say); keeping answers flags, so it needs one since
 * it was last kept.
 */
export function moderationRefusal(m: Moderation | undefined, what: string, outcome: ModerationOutcome): string | undefined {
  const done = settled(m);
  if (done) return `${what} was already ${done.outcome} by the secretariat on ${done.at}; that decision stands. Nothing was recorded.`;
  if (outcome === 'kept' && !m?.counting) return `Nobody has flagged ${what} since ${m?.decisions.length ? 'the secretariat last kept it' : 'it was sent'}, so there is nothing to keep it against.`;
  return undefined;
}

/** It with `flag` added; hidden once the flags since it was last kept reach `flagsToHide`. */
export function withFlag(m: Moderation | undefined, flag: Flag, flagsToHide: number): Moderation {
  const before = m ?? { flags: [], counting: 0, decisions: [] };
  const counting = before.counting + 1;
  const hides = !before.hiddenSince && counting >= flagsToHide;
  return { ...before, flags: [...before.flags, flag], counting, ...(hides ? { hiddenSince: flag.at } : {}) };
}

/** It after the secretariat's decision: kept shows it again and counts flags afresh; merged and removed are final. */
export function withDecision(m: Moderation, decision: ModerationDecision): Moderation {
  const { hiddenSince: _shown, ...rest } = m;
  return { ...rest, counting: 0, decisions: [...m.decisions, decision] };
}

/** The register's id of the `n`-th moderation decision (1, 2, …) on the thing with id `subjectId`. */
export const moderationDecisionId = (subjectId: string, n: number): string => `moderation-${subjectId}-${n}`;

/** Who reads: the thing's board (its members, chair and secretariat, as a door has checked), or anyone. */
export type Audience = 'board' | 'public';

/** What the public may read of a thing, by its moderation. */
export type PublicSight = { readonly shown: true } | { readonly shown: false; readonly why: 'hidden' | 'merged' | 'removed'; readonly words: string };

export function publicSight(m: Pick<Moderation, 'decisions' | 'hiddenSince'> | undefined): PublicSight {
  const done = settled(m);
  if (done?.outcome === 'removed') return { shown: false, why: 'removed', words: `Removed by the secretariat on ${done.at.slice(0, 10)}: ${done.reason}` };
  if (done?.outcome === 'merged') return { shown: false, why: 'merged', words: `A repeat of ${done.into}, which holds what it said.` };
  if (m?.hiddenSince) return { shown: false, why: 'hidden', words: 'Hidden after people flagged it, until the secretariat looks at it.' };
  return { shown: true };
}

/** Moderation as the public reads it: how many flags and why, never who; the decisions, which are published. */
export interface PublicModeration {
  readonly flags: number;
  /** The flags since the secretariat last kept it: those its next decision answers. */
  readonly waiting: number;
  readonly reasons: readonly FlagReason[];
  readonly hiddenSince?: string;
  readonly decisions: readonly ModerationDecision[];
}

export function publicModeration(m: Moderation): PublicModeration {
  return {
    flags: m.flags.length,
    waiting: m.counting,
    reasons: flagReasons.filter((r) => m.flags.some((f) => f.reason === r)),
    ...(m.hiddenSince ? { hiddenSince: m.hiddenSince } : {}),
    decisions: m.decisions,
  };
}

/** What the register keeps of a moderation decision: no content of what was moderated, which may be the harm itself. */
export interface ModerationRecord {
  readonly decisionId: string;
  readonly kind: 'moderation';
  readonly boardId: string;
  /** What was moderated. */
  readonly subject: 'submission' | 'harmReport';
  readonly subjectId: string;
  /** The product a harm report is about. */
  readonly product?: { readonly id: string; readonly name: string };
  readonly outcome: ModerationOutcome;
  readonly reason: string;
  readonly into?: string;
  readonly flags: number;
  readonly flagReasons: readonly FlagReason[];
  readonly moderatedBy: string;
  readonly moderatedAt: string;
  /** The author, told of the decision; the register does not keep it. */
  readonly notify?: readonly string[];
}

/** The record of `decision` on the thing `subjectId`, as its process publishes it. */
export function moderationRecord(
  about: Pick<ModerationRecord, 'boardId' | 'subject' | 'subjectId' | 'product'>,
  m: Moderation,
  decision: ModerationDecision,
  author: string | undefined,
): ModerationRecord {
  const seen = publicModeration(m);
  return {
    decisionId: decision.decisionId,
    kind: 'moderation',
    ...about,
    outcome: decision.outcome,
    reason: decision.reason,
    ...(decision.into ? { into: decision.into } : {}),
    flags: seen.flags,
    flagReasons: seen.reasons,
    moderatedBy: decision.by,
    moderatedAt: decision.at,
    ...(author ? { notify: [author] } : {}),
  };
}

const subjectWords = (r: Pick<ModerationRecord, 'subject' | 'subjectId'>) => `${r.subject === 'submission' ? 'submission' : 'harm report'} ${r.subjectId}`;

/** What became of it, as the heading of a moderation decision and its notice say it: "removed by the secretariat". */
const outcomeWords = (r: Pick<ModerationRecord, 'outcome' | 'into'>) => `${r.outcome === 'merged' ? `merged into ${r.into}` : r.outcome} by the secretariat`;

/** The heading a moderation decision has in the register and the command line: "Submission initiative-board-S4: removed by the secretariat". */
export const moderationHeading = (r: Pick<ModerationRecord, 'subject' | 'subjectId' | 'outcome' | 'into'>): string => {
  const what = subjectWords(r);
  return `${what[0]!.toUpperCase()}${what.slice(1)}: ${outcomeWords(r)}`;
};

/** The subject of the notice its author is told: "Your submission initiative-board-S4: removed by the secretariat". */
export const moderationNoticeSubject = (r: Pick<ModerationRecord, 'subject' | 'subjectId' | 'outcome' | 'into'>): string => `Your ${subjectWords(r)}: ${outcomeWords(r)}`;

/** What it says beneath the heading: the flags it answered and the published reason. */
export const moderationSentence = (r: Pick<ModerationRecord, 'flags' | 'flagReasons' | 'reason'>): string =>
  `${r.flags ? `Flagged by ${r.flags} ${r.flags === 1 ? 'person' : 'people'} (${r.flagReasons.map((x) => flagReasonWords[x]).join('; ')}). ` : ''}${r.reason}`;

/** Its moderation in lines, for the command line: the flags (who, for the board), whether hidden, each decision. */
export function moderationLines(m: PublicModeration & { readonly flaggedBy?: readonly Flag[] }): string[] {
  const who = m.flaggedBy ? ` by ${m.flaggedBy.map((f) => `${f.by} (${f.reason})`).join(', ')}` : ` (${m.reasons.join(', ')})`;
  return [
    `Flagged ${m.flags} time${m.flags === 1 ? '' : 's'}${who}${m.hiddenSince ? `; hidden from the public since ${m.hiddenSince}` : ''}`,
    ...m.decisions.map((d) => `  ${d.decisionId}: ${d.outcome}${d.into ? ` into ${d.into}` : ''} by ${d.by} at ${d.at}: ${d.reason}`),
  ];
}
