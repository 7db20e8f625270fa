/**
 * What a process needs to know about a board at the moment an item is opened.
 * The board's policy applies to items opened after a change, so each item
 * carries its own copy of the roster rather than a live reference.
 */
import type { z } from 'zod';
import type { rosterSchema } from './schema';

export type BoardRoster = z.output<typeof rosterSchema>;
export type BoardMember = BoardRoster['members'][number];

export const isMember = (roster: BoardRoster, personId: string): boolean =>
  roster.members.some((m) => m.id === personId);

export const isSecretariat = (roster: Pick<BoardRoster, 'secretariat'>, personId: string): boolean =>
  roster.secretariat.includes(personId);

export const memberName = (roster: BoardRoster, personId: string): string =>
  roster.members.find((m) => m.id === personId)?.name ?? personId;
