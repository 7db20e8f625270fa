/**
 * Evidence for a benefit and harm review: whatever the product's usage and
 * feedback sources have dropped into its evidence folder (one JSON file per
 * item: { "source", "summary", "at" }), between the last review and this one.
 * Reading changes nothing, so a retried or replayed gathering finds the same.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Evidence } from '../machines/harmWatch/rules';
import type { EvidenceRequest } from '../machines/harmWatch/machine';

interface Item {
  readonly source: string;
  readonly summary: string;
  readonly at: string;
}

const isItem = (x: unknown): x is Item =>
  typeof x === 'object' && x !== null && ['source', 'summary', 'at'].every((k) => typeof (x as Record<string, unknown>)[k] === 'string');

/** A file that is not JSON is as unreadable as one that is not an item: skipped, not a failed gathering. */
function parseItem(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads `<dir>/<productId>/*.json`, keeping items dated after `since` and up to `until`, oldest first.
 * A folder that does not exist yet is no evidence, not an error; an unreadable item is skipped and named.
 */
export async function gatherEvidenceFrom(dir: string, { productId, since, until }: EvidenceRequest, now: Date = new Date()): Promise<Evidence> {
  const folder = join(dir, encodeURIComponent(productId));
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { gatheredAt: now.toISOString(), items: [] };
    throw err;
  }
  const skipped: string[] = [];
  const items: Item[] = [];
  for (const name of names) {
    const parsed = parseItem(await readFile(join(folder, name), 'utf8').catch(() => 'null'));
    if (!isItem(parsed)) skipped.push(name);
    else if (parsed.at > since && parsed.at <= until) items.push({ source: parsed.source, summary: parsed.summary, at: parsed.at });
  }
  items.sort((a, b) => a.at.localeCompare(b.at));
  return { gatheredAt: now.toISOString(), items, ...(skipped.length ? { problem: `Skipped unreadable items: ${skipped.join(', ')}` } : {}) };
}
