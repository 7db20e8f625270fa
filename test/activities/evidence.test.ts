import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatherEvidenceFrom } from '../../activities/evidence';

const NOW = new Date('2026-09-01T09:00:00.000Z');
const request = { productId: 'p1', since: '2026-07-01T00:00:00.000Z', until: '2026-08-31T00:00:00.000Z' };

async function evidenceDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'evidence-'));
  await mkdir(join(dir, 'p1'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'p1', name), text);
  return dir;
}

const item = (at: string, summary = `Feedback of ${at}`) => JSON.stringify({ source: 'survey', summary, at });

describe('gathering evidence for a review', () => {
  it('finds no evidence, and no problem, for a product whose folder does not exist yet', async () => {
    expect(await gatherEvidenceFrom(await mkdtemp(join(tmpdir(), 'evidence-')), request, NOW)).toEqual({ gatheredAt: NOW.toISOString(), items: [] });
  });

  it('keeps the items dated since the last review up to this one, oldest first', async () => {
    const dir = await evidenceDir({ 'a.json': item('2026-08-20T00:00:00.000Z'), 'b.json': item('2026-07-02T00:00:00.000Z'), 'c.json': item('2026-06-30T00:00:00.000Z'), 'd.json': item('2026-09-01T00:00:00.000Z') });
    const { items } = await gatherEvidenceFrom(dir, request, NOW);
    expect(items.map((i) => i.at)).toEqual(['2026-07-02T00:00:00.000Z', '2026-08-20T00:00:00.000Z']);
  });

  it('skips and names a file that is not JSON or not an item, and gathers the rest', async () => {
    const dir = await evidenceDir({ 'good.json': item('2026-08-01T00:00:00.000Z'), 'broken.json': '{ "source": ', 'partial.json': JSON.stringify({ source: 'survey' }) });
    const evidence = await gatherEvidenceFrom(dir, request, NOW);
    expect(evidence.items).toHaveLength(1);
    expect(evidence.problem).toBe('Skipped unreadable items: broken.json, partial.json');
  });
});
