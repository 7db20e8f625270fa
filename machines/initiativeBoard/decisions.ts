/**
 * What the votes on an item decide at the end of the quarter's meeting, and what an
 * approved item changes. Changes apply to items opened afterwards.
 */
import { kpiWords } from './kpis';
import { initiativeDecisionId, initiativeItemId } from '../kernel/ids';
import { countedVerdict, describePassingRule, describeTally, hasQuorum, plural, tally, type Tally } from '../kernel/voting';
import { extensionWords } from '../kernel/lateQuorum';
import { countedVotes, electorateOf, eligibleVoters, removalWords } from '../kernel/eligibility';
import type { Proposal } from './schema';
import { votingPolicyFor, withChanges } from './policy';
import type { InitiativeDecisionRecord, InitiativeDeferral, InitiativeOutcome } from './records';
import type { InitiativeContext, InitiativeItem, Source } from './types';
import { sameCard } from './goodDataCard';

/**
 * The item as voting on it opens (it joins this quarter's agenda, at `at`): in a run with the one eligibility
 * rule its roster is frozen then. An item that already has one keeps it.
 */
export const openVoting = (ctx: Pick<InitiativeContext, 'roster' | 'oneEligibilityRule'>, item: InitiativeItem, at: string): InitiativeItem =>
  ctx.oneEligibilityRule && !item.electorate ? { ...item, electorate: electorateOf(ctx.roster, at) } : item;

/**
 * Who may vote on the item and counts toward its quorum. Under the one eligibility rule: the members when voting
 * opened, less those removed since and those recused. An item opened before the rule: the members now, less the recused.
 */
export function itemVoters(ctx: Pick<InitiativeContext, 'roster'>, item: InitiativeItem): string[] {
  const recused = item.recusals.map((r) => r.by);
  if (item.electorate) return eligibleVoters(item.electorate, recused);
  return ctx.roster.members.map((m) => m.id).filter((id) => !recused.includes(id));
}

export function openItem(ctx: InitiativeContext, { at, ...fields }: { title: string; text: string; proposal: Proposal; source: Source; at: string }): InitiativeItem {
  return {
    itemId: initiativeItemId(ctx.roster.boardId, ctx.counters.items + 1),
    ...fields,
    openedAt: at,
    voting: votingPolicyFor(ctx.policy, fields.proposal.decision),
    votes: [],
    recusals: [],
    merged: [],
    deferredFrom: [],
    ...((ctx.policy.lateQuorumHours ?? 0) > 0 ? { lateQuorum: { hours: ctx.policy.lateQuorumHours! } } : {}),
  };
}

/** When voting on this quarter's items closes: as the meeting ends, or later where a late quorum moved it. */
export const meetingClosesAt = (ctx: Pick<InitiativeContext, 'quarter' | 'closeMoved'>): string => ctx.closeMoved?.closesAt ?? ctx.quarter.endsAt;

/** Whether the item's votes make a quorum under its rules: more than the share voting, enough with lived experience among them. */
export function itemQuorate(ctx: Pick<InitiativeContext, 'roster'>, item: InitiativeItem): boolean {
  const { tally: t, lived } = itemTally(ctx, item);
  return hasQuorum(t, item.voting) && lived >= item.voting.minLivedExperienceVoting;
}

/** Who is told of what the board publishes: its members and every subscriber, once each. */
export const audience = (ctx: InitiativeContext): string[] => [...new Set([...ctx.roster.members.map((m) => m.id), ...ctx.subscribers.map((s) => s.id)])];

const describeItemTally = (t: Tally, lived: number) => describeTally(t, ` (${lived} with lived experience of poverty)`);

interface Verdict {
  readonly outcome: InitiativeOutcome;
  readonly deferredBecause?: InitiativeDeferral;
  readonly explanation: string;
}

function verdict(ctx: InitiativeContext, item: InitiativeItem, t: Tally, lived: number): Verdict {
  const v = item.voting;
  if (item.research && !item.research.report)
    return { outcome: 'deferred', deferredBecause: 'awaitingResearch', explanation: `Carried to the next quarter: it waits for the research by ${item.research.researcher} (due ${item.research.dueAt}).` };
  if (!hasQuorum(t, v)) return { outcome: 'deferred', deferredBecause: 'noQuorum', explanation: `Deferred to the next quarter: no quorum (${describeItemTally(t, lived)}).` };
  if (lived < v.minLivedExperienceVoting)
    return {
      outcome: 'deferred',
      deferredBecause: 'noLivedExperience',
      explanation: `Deferred to the next quarter: the quorum needs at least ${plural(v.minLivedExperienceVoting, 'member')} with lived experience of poverty voting (${describeItemTally(t, lived)}).`,
    };
  return countedVerdict(t, v, item.castingVote, { deferredTo: 'the next quarter', noCastingVote: 'the chair gave no casting vote', tally: describeItemTally(t, lived) });
}

/** The votes on `item` that count (of its voters, `itemVoters`), their tally, and how many of the voters have lived experience. */
export function itemTally(ctx: Pick<InitiativeContext, 'roster'>, item: InitiativeItem): { votes: InitiativeItem['votes']; tally: Tally; lived: number } {
  const voters = itemVoters(ctx, item);
  const votes = countedVotes(item.votes, voters);
  const lived = votes.filter((vote) => ctx.roster.members.find((m) => m.id === vote.by)?.livedExperience).length;
  return { votes, tally: tally(votes, voters.length, item.voting), lived };
}

/** The record the votes on `item` imply at the end of the quarter's meeting. */
export function decideItem(ctx: InitiativeContext, item: InitiativeItem): InitiativeDecisionRecord {
  const { votes, tally: t, lived } = itemTally(ctx, item);
  const { explanation, ...v } = verdict(ctx, item, t, lived);
  const moved = ctx.closeMoved?.itemId === item.itemId ? ctx.closeMoved : undefined;
  const approving = v.outcome === 'approved' || v.outcome === 'approvedWithConditions';
  return {
    decisionId: initiativeDecisionId(ctx.quarter.meetingId, item.itemId),
    kind: 'initiativeDecision',
    boardId: ctx.roster.boardId,
    meetingId: ctx.quarter.meetingId,
    itemId: item.itemId,
    title: item.title,
    text: item.text,
    proposal: item.proposal,
    source: item.source,
    ...v,
    explanation: (moved ? explanation + extensionWords(moved) : explanation) + removalWords(item.electorate),
    tally: t,
    livedExperienceVoting: lived,
    passingRule: describePassingRule(item.voting.passing),
    votes,
    recusals: item.recusals,
    ...(item.castingVote ? { castingVote: item.castingVote } : {}),
    conditions: approving ? votes.flatMap((vote) => (vote.conditions ?? []).map((text) => ({ text, setBy: vote.by }))) : [],
    ...(item.research ? { research: item.research } : {}),
    composition: ctx.composition,
    openedAt: item.openedAt,
    decidedAt: meetingClosesAt(ctx),
    deferredFrom: item.deferredFrom,
    ...(moved ? { lateQuorum: { hours: moved.hours, reachedAt: moved.reachedAt, extendedFrom: moved.extendedFrom, closesAt: moved.closesAt } } : {}),
    ...(item.electorate?.removed.length ? { removedDuringVote: item.electorate.removed } : {}),
    notify: audience(ctx),
  };
}

export type Effects = Pick<InitiativeContext, 'principles' | 'strategy' | 'recognised' | 'withdrawn' | 'funding' | 'policy' | 'roster'>;

/** What an approved decision changes, and the sentence that says so. Changes apply to items opened afterwards. */
export function applyDecision(state: Effects, d: InitiativeDecisionRecord): { state: Effects; effect: string } {
  const p = d.proposal;
  const at = d.decidedAt;
  switch (p.decision) {
    case 'principle': {
      const others = state.principles.filter((x) => x.id !== p.principle.id);
      const revised = others.length < state.principles.length;
      return {
        state: { ...state, principles: revised ? state.principles.map((x) => (x.id === p.principle.id ? p.principle : x)) : [...state.principles, p.principle] },
        effect: `${revised ? 'Revised' : 'Adopted'} the guiding principle ${p.principle.id} ("${p.principle.title}"); product gates requested from now on are assessed against it.`,
      };
    }
    case 'strategy':
      return {
        state: { ...state, strategy: { focus: p.focus, kpis: p.kpis, decisionId: d.decisionId, at } },
        effect: `The strategy's focus is now: ${p.focus}${p.kpis.length ? ` (KPIs: ${p.kpis.map(kpiWords).join('; ')})` : ''}.`,
      };
    case 'recognition': {
      const recognised = state.recognised.find((r) => r.id === p.resource.id);
      // A changed card approved: the resource is recognised on it from now on (goodDataCard.ts).
      if (recognised && p.resource.card && !sameCard(recognised.card, p.resource.card))
        return {
          state: {
            ...state,
            recognised: state.recognised.map((r) =>
              r === recognised ? { ...p.resource, decisionId: d.decisionId, at, firstRecognised: r.firstRecognised ?? { decisionId: r.decisionId, at: r.at } } : r,
            ),
          },
          effect: `The ${p.resource.kind} ${p.resource.name} (${p.resource.id}) stays recognised, on its changed good-data card.`,
        };
      if (recognised) return { state, effect: `${p.resource.id} was already recognised; nothing changed.` };
      return {
        state: { ...state, recognised: [...state.recognised, { ...p.resource, decisionId: d.decisionId, at }] },
        effect: `Recognised the ${p.resource.kind} ${p.resource.name} (${p.resource.id}) as part of the infrastructure.`,
      };
    }
    case 'withdrawal': {
      const resource = state.recognised.find((r) => r.id === p.resourceId);
      if (!resource) return { state, effect: `${p.resourceId} was no longer recognised; nothing changed.` };
      return {
        state: { ...state, recognised: state.recognised.filter((r) => r.id !== p.resourceId), withdrawn: [...state.withdrawn, { ...resource, withdrawnBy: d.decisionId, withdrawnAt: at }] },
        effect: `Withdrew recognition of the ${resource.kind} ${resource.name} (${resource.id}).`,
      };
    }
    case 'funding':
      return {
        state: { ...state, funding: [...state.funding, { gap: p.gap, priority: p.priority, decisionId: d.decisionId, at, ...(d.research ? { research: d.research } : {}) }] },
        effect: `Prioritised funding (${p.priority}) for the gap: ${p.gap}.`,
      };
    case 'governance': {
      const policy = p.changes ? withChanges(state.policy, p.changes) : state.policy;
      // Members appointed since the proposal keep their seats: a board never has fewer seats than members.
      const roster = p.seats !== undefined ? { ...state.roster, seats: Math.max(p.seats, state.roster.members.length) } : state.roster;
      const own = [...Object.keys(p.changes ?? {}), ...(p.seats !== undefined ? ['seats'] : [])];
      const changedHere = own.length ? `Changed this board's ${own.join(', ')}` : '';
      const changedThere = p.productBoard ? `the product board's ${Object.keys(p.productBoard).join(', ')}` : '';
      return {
        state: { ...state, policy, roster },
        effect: `${changedHere ? `${changedHere}${changedThere ? ` and ${changedThere}` : ''}` : `Changed ${changedThere}`}; the change applies to items opened from now on.`,
      };
    }
  }
}

/** Whether a decision was approved. */
export const approved = (d: InitiativeDecisionRecord) => d.outcome === 'approved' || d.outcome === 'approvedWithConditions';

/** An item carried to the next quarter: its votes start again there, under the rules it was opened with, and so does the count of its confirmations. */
export const carried = ({ votesRecorded: _counted, lateQuorum, electorate: _frozen, ...item }: InitiativeItem, meetingId: string): InitiativeItem => ({
  ...item,
  votes: [],
  castingVote: undefined,
  deferredFrom: [...item.deferredFrom, meetingId],
  // Voted on afresh at the next meeting, so its quorum is reached afresh there.
  ...(lateQuorum ? { lateQuorum: { hours: lateQuorum.hours } } : {}),
});

