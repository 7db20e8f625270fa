/**
 * The initiative board the engine opens: its roster, policy and guiding
 * principles, read from a JSON file (GOVERN_INITIATIVE_FILE, else
 * config/initiative-board.json). Once its process runs, it holds them.
 */
import { join, resolve } from 'node:path';
import { initiativeConfigSchema, type InitiativeConfigInput } from '../machines/initiativeBoard/schema';
import { defaultInitiativePolicy } from '../machines/initiativeBoard/policy';
import { describeIssues } from '../machines/kernel/schema';
import { InvalidCommand } from './errors';
import { projectRoot, readJsonFile } from './settings';

export const initiativeFile = (): string => resolve(process.env.GOVERN_INITIATIVE_FILE ?? join(projectRoot, 'config', 'initiative-board.json'));

/** The founding configuration, with the default policy where the file gives none. */
export function loadInitiativeBoard(path: string = initiativeFile()): InitiativeConfigInput {
  const config = { policy: defaultInitiativePolicy, ...(readJsonFile(path, 'the initiative board file') as Record<string, unknown>) };
  const parsed = initiativeConfigSchema.safeParse(config);
  if (!parsed.success) throw new InvalidCommand(`The initiative board file ${path} is not valid: ${describeIssues(parsed.error)}`);
  return config as InitiativeConfigInput;
}
