/**
 * The product board the engine opens: its roster, policy and principles, read
 * from a JSON file (GOVERN_BOARD_FILE, else config/product-board.json). Once
 * the board process runs, it holds them; the file only founds it.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { principlesSchema, type Principles } from '../machines/boardSchema';
import { defaultProductBoardPolicy, productBoardPolicySchema, type ProductBoardPolicy } from '../machines/policy/productBoardPolicy';
import { describeIssues, rosterSchema } from '../machines/schema';
import type { BoardRoster } from '../machines/board';
import { InvalidCommand } from './errors';
import { projectRoot } from './settings';

export interface BoardConfig {
  readonly roster: BoardRoster;
  readonly policy: ProductBoardPolicy;
  readonly principles: Principles;
  readonly initiativeBoardId?: string;
}

const boardFileSchema = z.strictObject({
  roster: rosterSchema,
  policy: productBoardPolicySchema.optional(),
  principles: principlesSchema.optional(),
  initiativeBoardId: z.string().optional(),
});

export const boardFile = (): string => resolve(process.env.GOVERN_BOARD_FILE ?? join(projectRoot, 'config', 'product-board.json'));

export function loadBoard(path: string = boardFile()): BoardConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InvalidCommand(`Cannot read the board file ${path}: ${(err as Error).message}`);
  }
  const parsed = boardFileSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidCommand(`The board file ${path} is not valid: ${describeIssues(parsed.error)}`);
  return { roster: parsed.data.roster, policy: parsed.data.policy ?? defaultProductBoardPolicy, principles: parsed.data.principles ?? { guiding: [], board: [] }, ...(parsed.data.initiativeBoardId ? { initiativeBoardId: parsed.data.initiativeBoardId } : {}) };
}
