/**
 * JSON files written whole and once, and read back by folder: what the file
 * register of earlier versions was made of (bench/store compares it with PostgreSQL). A file is written as a temporary file
 * hard-linked into place, which fails if the name exists, so a retried activity
 * never writes twice and a reader never sees half a file.
 */
import { randomUUID } from 'node:crypto';
import { link, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes `value` as JSON to `path` unless a file is already there.
 *
 * `mode` is the new file's permissions (0o600 for a key only its owner may read).
 *
 * @returns true when this call wrote it, false when the file was there already.
 * @throws the file system's error (the folder missing, the disk full); the caller's activity is retried.
 * @example
 * if (!(await writeJsonOnce(join(dir, 'gr-1.json'), entry))) console.log('published before');
 */
export async function writeJsonOnce(path: string, value: unknown, options: { readonly mode?: number } = {}): Promise<boolean> {
  const temporary = join(dirname(path), `.${randomUUID()}.tmp`);
  await writeFile(temporary, JSON.stringify(value, null, 2) + '\n', { flag: 'wx', ...(options.mode !== undefined ? { mode: options.mode } : {}) });
  try {
    await link(temporary, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/**
 * Reads one JSON file; undefined when there is none.
 *
 * @example
 * const entry = await readJsonFile<RegisterEntry>(join(dir, 'gr-1.json'));
 */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Reads every JSON file of a folder (not the temporary ones), in no particular order; none when the folder does not exist yet.
 *
 * @example
 * const entries = await readJsonFolder<RegisterEntry>(registerDir);
 */
export async function readJsonFolder<T>(dir: string): Promise<T[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const entries = await Promise.all(names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => readJsonFile<T>(join(dir, n))));
  return entries.filter((e) => e !== undefined) as T[];
}
