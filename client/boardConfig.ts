/**
 * The product board the engine opens: its roster, policy and principles, read
 * from a JSON file (GOVERN_BOARD_FILE, else config/product-board.json). Once
 * the board process runs, it holds them; the file only founds it.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { principlesSchema, type Principles } from '../machines/productBoard/schema';
import { defaultProductBoardPolicy, productBoardPolicySchema, type ProductBoardPolicy } from '../machines/productBoard/policy';
import { describeIssues, rosterSchema } from '../machines/kernel/schema';
import type { BoardRoster } from '../machines/kernel/roster';
import { InvalidCommand } from './errors';
import { projectRoot, readJsonFile } from './settings';

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
  const parsed = boardFileSchema.safeParse(readJsonFile(path, 'the board file'));
  if (!parsed.success) throw new InvalidCommand(`The board file ${path} is not valid: ${describeIssues(parsed.error)}`);
  return { roster: parsed.data.roster, policy: parsed.data.policy ?? defaultProductBoardPolicy, principles: parsed.data.principles ?? { guiding: [], board: [] }, ...(parsed.data.initiativeBoardId ? { initiativeBoardId: parsed.data.initiativeBoardId } : {}) };
}
