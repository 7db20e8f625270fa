/**
 * Where `govern login` keeps its token: $XDG_CONFIG_HOME/govern/token (~/.config/govern/token when
 * unset), in a folder only its owner may enter and a file only its owner may read (0700 and 0600),
 * with the server it was issued by. Only the token's hash is on the server; this file is the secret.
 */
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { GovernanceError } from './errors';

const savedSchema = z.strictObject({
  server: z.string().max(500),
  token: z.string().max(200),
  personId: z.string().max(100),
  expiresAt: z.string().max(40),
});

export type SavedToken = z.output<typeof savedSchema>;

/** The token file's path for `env`. */
export const tokenFile = (env: NodeJS.ProcessEnv = process.env): string => join(env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config'), 'govern', 'token');

/** Keeps `saved` in the token file, readable by its owner only. */
export async function saveToken(saved: SavedToken, file: string = tokenFile()): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  // A file that was there already keeps its mode through writeFile: make it the owner's alone.
  await chmod(file, 0o600);
}

/**
 * The saved token, or undefined when there is none.
 *
 * @throws GovernanceError for a file that is not a token file.
 */
export async function readToken(file: string = tokenFile()): Promise<SavedToken | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GovernanceError(`Cannot read your sign-in (${file}): ${(err as Error).message}.`);
  }
  let parsed: ReturnType<typeof savedSchema.safeParse>;
  try {
    parsed = savedSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = savedSchema.safeParse(undefined);
  }
  if (!parsed.success) throw new GovernanceError(`${file} is not a sign-in that govern made: remove it and run "govern login" again.`);
  return parsed.data;
}

/** Removes the token file; answers whether there was one. */
export async function forgetToken(file: string = tokenFile()): Promise<boolean> {
  try {
    await rm(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
