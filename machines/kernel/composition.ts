/**
 * The composition policy read against a roster. A board below its policy
 * keeps working; every decision record says which rule was unmet at the time.
 */
import { z } from 'zod';
import type { BoardRoster } from './roster';
import { atLeast, atMost, limits, list, text } from './input';
import type { CompositionRules } from '../productBoard/policy';

export interface CompositionStatus {
  readonly met: boolean;
  /** One sentence per unmet rule. */
  readonly unmet: readonly string[];
  readonly filledSeats: number;
  readonly seats: number;
}

/** The status as an item carries it from the board to its review, checked against the type above. */
export const compositionStatusSchema = z.strictObject({
  met: z.boolean(),
  unmet: list(text('an unmet rule', { max: limits.text.finding, before: { untrimmed: true } }), 'unmet rules', { max: limits.lists.unmet }),
  filledSeats: z.number().int().check(atLeast(0, 'the number of filled seats'), atMost(limits.numbers.seats, 'the number of filled seats')),
  seats: z.number().int().check(atLeast(1, 'the number of seats'), atMost(limits.numbers.seats, 'the number of seats')),
}) satisfies z.ZodType<CompositionStatus>;

export function compositionStatus(roster: BoardRoster, rules: CompositionRules): CompositionStatus {
  const { members } = roster;
  const unmet: string[] = [];
  const atLeast = (n: number, have: number, what: string) => {
    if (have < n) unmet.push(`at least ${n} ${what} (has ${have})`);
  };
  const expertise = new Set(members.flatMap((m) => m.expertise ?? []));
  for (const needed of rules.requiredExpertise) if (!expertise.has(needed)) unmet.push(`${needed} expertise (no member has it)`);
  atLeast(rules.minNonTechnical, members.filter((m) => m.technical === false).length, 'non-technical members');
  atLeast(rules.minLivedExperience, members.filter((m) => m.livedExperience).length, 'members with lived experience of poverty');
  atLeast(rules.minDisabled, members.filter((m) => m.disability).length, 'disabled members');
  atLeast(rules.minNotNational, members.filter((m) => m.organisationType && m.organisationType !== 'national').length, 'members not based in a national organisation');
  const areas = new Set(members.flatMap((m) => m.areas ?? []));
  const uncovered = rules.requiredAreas.filter((a) => !areas.has(a));
  if (uncovered.length) unmet.push(`members' areas to cover ${uncovered.join(', ')}`);
  return { met: unmet.length === 0, unmet, filledSeats: members.length, seats: roster.seats };
}

export const describeComposition = (status: CompositionStatus): string =>
  status.met
    ? `Composition policy met (${status.filledSeats} of ${status.seats} seats filled).`
    : `Below its composition policy (${status.filledSeats} of ${status.seats} seats filled): needs ${status.unmet.join('; ')}.`;
