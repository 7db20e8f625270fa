/**
 * Checks a register export offline, with no database: every entry's hash, the chain from the first
 * entry to the last, and every signed head. A failure names the first entry that was edited,
 * removed, inserted or reordered, as far as the export shows which.
 *
 * What it shows: an entry changed (its hash no longer fits, or a signed head names another hash),
 * an entry taken out (the next one chains to a hash no entry has, or a signed head names a missing
 * place), an entry put in (the chain skips it, or no signed head covers it), entries swapped. What
 * no file can show by itself: that the last entries were cut off together with their heads: compare
 * the last head with one you kept (the summary prints it). And give the organisation's public key:
 * without it, a register rewritten and signed throughout by another key verifies.
 */
import { entryHash, GENESIS_HASH, type ChainEntry, type SignedHead } from './chain';
import { exportFormat, exportVersion } from './export';
import { verifyHeadSignature } from './signing';

export type Problem = 'edited' | 'removed' | 'inserted' | 'reordered' | 'forged' | 'unsigned' | 'malformed';

export type Verification =
  | {
      readonly ok: true;
      readonly entries: number;
      readonly lastSeq?: number;
      readonly lastHash?: string;
      readonly publicKeys: readonly string[];
      readonly exportedAt: string;
      readonly summary: string;
    }
  | { readonly ok: false; readonly problem: Problem; readonly seq?: number; readonly decisionId?: string; readonly line?: number; readonly message: string };

type Located<T> = T & { readonly line: number };
type Entry = Located<ChainEntry<unknown>>;
type Head = Located<SignedHead>;

const hex = (length: number) => (value: unknown): value is string => typeof value === 'string' && value.length === length && /^[0-9a-f]+$/.test(value);
const isHash = hex(64);
const isSeq = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

function isEntry(v: Record<string, unknown>): boolean {
  return isSeq(v.seq) && isText(v.decisionId) && isText(v.kind) && isText(v.publishedAt) && isHash(v.prevHash) && isHash(v.hash) && typeof v.record === 'object' && v.record !== null;
}

function isHead(v: Record<string, unknown>): boolean {
  return isSeq(v.seq) && isHash(v.hash) && typeof v.publicKey === 'string' && typeof v.signature === 'string' && typeof v.signedAt === 'string';
}

const named = (e: Entry) => `Entry seq ${e.seq} (${e.decisionId}, line ${e.line})`;
const short = (hash: string) => `${hash.slice(0, 12)}…`;

function failure(problem: Problem, message: string, at?: Entry | Head | { line: number }): Verification {
  const where = at ? { line: at.line, ...('seq' in at ? { seq: at.seq } : {}), ...('decisionId' in at ? { decisionId: at.decisionId } : {}) } : {};
  return { ok: false, problem, ...where, message };
}

/**
 * Verifies the text of a JSON Lines register export (`govern register export`).
 *
 * @param options.publicKeys the hex Ed25519 public keys the heads may be signed with (the organisation's,
 * as it publishes it); without them, every head must be signed by the same key, which the summary names.
 * @example
 * const result = verifyExport(readFileSync('register.jsonl', 'utf8'));
 * if (!result.ok) console.error(result.message);
 */
export function verifyExport(text: string, options: { readonly publicKeys?: readonly string[] } = {}): Verification {
  const lines: Located<Record<string, unknown>>[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    if (!raw[i]!.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw[i]!);
    } catch {
      return failure('malformed', lines.length === 0 ? notAnExport : `Line ${i + 1} is not JSON: the export was cut or changed there.`, { line: i + 1 });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return failure('malformed', `Line ${i + 1} is not a JSON object.`, { line: i + 1 });
    lines.push({ ...(value as Record<string, unknown>), line: i + 1 });
  }
  const [header, ...rest] = lines;
  if (!header || header.type !== 'register' || header.format !== exportFormat) return failure('malformed', notAnExport, header);
  if (header.version !== exportVersion)
    return failure('malformed', `The export is version ${String(header.version)}; this govern reads version ${exportVersion}: use the govern of the engine that wrote it.`, header);

  const entries: Entry[] = [];
  const heads: Head[] = [];
  for (const line of rest) {
    if (line.type === 'entry' && isEntry(line)) entries.push(line as unknown as Entry);
    else if (line.type === 'head' && isHead(line)) heads.push(line as unknown as Head);
    else return failure('malformed', `Line ${line.line} is neither an entry nor a signed head of the register (a field is missing or malformed).`, line);
  }

  return (
    checkChain(entries, heads) ??
    checkHeads(entries, heads, options.publicKeys ?? []) ?? {
      ok: true,
      entries: entries.length,
      ...(entries.length ? { lastSeq: entries.at(-1)!.seq, lastHash: entries.at(-1)!.hash } : {}),
      publicKeys: [...new Set(heads.map((h) => h.publicKey))],
      exportedAt: String(header.exportedAt),
      summary: summary(entries, heads, String(header.exportedAt)),
    }
  );
}

const notAnExport =
  'This is not a register export: its first line should be {"type":"register","format":"insight-governance register export",…}. Verify reads the JSON Lines file that "govern register export" writes (--format jsonl, the default), not the CSV.';

/** The first break in the entries themselves: a hash that does not fit, a link that does not hold. */
function checkChain(entries: readonly Entry[], heads: readonly Head[]): Verification | undefined {
  const indexOfHash = new Map(entries.map((e, i) => [e.hash, i]));
  const signedHash = new Map(heads.map((h) => [h.seq, h.hash]));
  const seenSeq = new Map<number, Entry>();
  const seenId = new Map<string, Entry>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const previous = entries[i - 1];
    const next = entries[i + 1];
    const expected = previous?.hash ?? GENESIS_HASH;

    // Two entries in one place, or one decision twice: the one the signed head does not name is the newcomer.
    const sameSeq = seenSeq.get(e.seq);
    const sameId = seenId.get(e.decisionId);
    const twin = sameSeq ?? sameId;
    if (twin) {
      const intruder = signedHash.get(twin.seq) === twin.hash ? e : twin;
      const genuine = intruder === e ? twin : e;
      return failure('inserted', `${named(intruder)} was inserted: ${sameSeq ? `entry seq ${e.seq}` : `decision ${e.decisionId}`} is also at line ${genuine.line}.`, intruder);
    }
    seenSeq.set(e.seq, e);
    seenId.set(e.decisionId, e);

    const selfOk = entryHash(e) === e.hash;
    const linkOk = e.prevHash === expected;
    if (selfOk && linkOk) {
      if (previous && e.seq <= previous.seq) return failure('reordered', `${named(e)} is out of order: it comes after entry seq ${previous.seq}.`, e);
      continue;
    }
    // It follows an entry that the export has later: the two were swapped.
    const k = selfOk ? indexOfHash.get(e.prevHash) : undefined;
    if (k !== undefined && k > i)
      return failure('reordered', `${named(e)} is out of order: it was published after entry seq ${entries[k]!.seq}, which the export has after it (line ${entries[k]!.line}).`, e);
    // The chain goes round it.
    if (next && next.prevHash === expected)
      return failure('inserted', `${named(e)} was inserted: the entry after it (seq ${next.seq}) follows ${previous ? `entry seq ${previous.seq}` : 'the start of the register'} directly.`, e);
    if (!selfOk) return failure('edited', `${named(e)} was edited: what it says no longer gives its hash ${short(e.hash)}.`, e);
    if (k !== undefined && k < i - 1) {
      const inserted = entries[k + 1]!;
      return failure('inserted', `${named(inserted)} was inserted: ${named(e).replace(/^Entry/, 'entry')} follows entry seq ${entries[k]!.seq} directly.`, inserted);
    }
    // It follows an entry that is not in the export, or not as it was.
    const head = heads.find((h) => h.hash === e.prevHash);
    const rehashed = head && entries.find((x) => x.seq === head.seq);
    if (rehashed) return failure('edited', `${named(rehashed)} was edited and its hash recomputed: the head signed for seq ${head.seq} and the entry after it name hash ${short(head.hash)}.`, rehashed);
    if (head) return failure('removed', `Entry seq ${head.seq}, signed on ${head.signedAt}, was removed: ${named(e).replace(/^Entry/, 'entry')} follows it, and the export does not have it.`, e);
    if (!previous) return failure('removed', `The entries before seq ${e.seq} were removed: ${named(e).replace(/^Entry/, 'entry')} is not chained to the start of the register.`, e);
    if (e.seq > previous.seq + 1)
      return failure('removed', `An entry between seq ${previous.seq} and seq ${e.seq} was removed: ${named(e).replace(/^Entry/, 'entry')} follows hash ${short(e.prevHash)}, which no entry in the export has.`, e);
    return failure('edited', `${named(previous)} was edited and its hash recomputed: the entry after it (seq ${e.seq}) follows hash ${short(e.prevHash)}.`, previous);
  }
  return undefined;
}

/** Every head must verify and name an entry as it is; the last entry must be covered by a head. */
function checkHeads(entries: readonly Entry[], heads: readonly Head[], publicKeys: readonly string[]): Verification | undefined {
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  const ordered = [...heads].sort((a, b) => a.seq - b.seq);
  const accepted = new Set(publicKeys.map((k) => k.toLowerCase()));
  for (const head of ordered) {
    if (!verifyHeadSignature(head))
      return failure('forged', `The head for seq ${head.seq} (line ${head.line}) does not verify: it is not its key's signature of that seq and hash, so it was forged or altered.`, head);
    // One key signs a register. Heads by another were made outside the engine, unless the organisation says it changed its key.
    if (accepted.size ? !accepted.has(head.publicKey) : head.publicKey !== ordered[0]!.publicKey)
      return failure(
        'forged',
        accepted.size
          ? `The head for seq ${head.seq} (line ${head.line}) is signed by key ${head.publicKey}, which is not a key you gave.`
          : `The head for seq ${head.seq} (line ${head.line}) is signed by key ${head.publicKey}, the heads before it by ${ordered[0]!.publicKey}: heads by another key were made outside the engine. If your organisation changed its key, give each with --public-key.`,
        head,
      );
    const entry = bySeq.get(head.seq);
    if (!entry) return failure('removed', `Entry seq ${head.seq}, signed on ${head.signedAt}, was removed: the export has its signed head (line ${head.line}) but not the entry.`, head);
    if (entry.hash !== head.hash)
      return failure(
        'edited',
        `${named(entry)} is not the entry signed for seq ${head.seq} on ${head.signedAt}: it was edited and the chain recomputed from there, or an entry was inserted or removed before it.`,
        entry,
      );
  }
  const last = entries.at(-1);
  if (!last) return undefined;
  const lastSigned = Math.max(0, ...heads.map((h) => h.seq));
  if (!heads.length) return failure('unsigned', `No entry of the export is covered by a signed head, so nothing shows it is the register as published.`, last);
  if (last.seq > lastSigned) {
    const first = entries.find((e) => e.seq > lastSigned)!;
    return failure('inserted', `${named(first)} was inserted: no signed head covers it or the entries after it (the last head is for seq ${lastSigned}).`, first);
  }
  return undefined;
}

function summary(entries: readonly Entry[], heads: readonly Head[], exportedAt: string): string {
  if (!entries.length) return `The export verifies: the register was empty when it was exported (${exportedAt}).`;
  const last = entries.at(-1)!;
  const keys = [...new Set(heads.map((h) => h.publicKey))];
  const lastHead = heads.reduce((a, b) => (b.seq > a.seq ? b : a));
  return [
    `The export verifies: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, seq ${entries[0]!.seq} to ${last.seq}, each chained to the one before it from the start of the register;`,
    `${heads.length} signed head${heads.length === 1 ? '' : 's'} verify, the last for seq ${lastHead.seq} (hash ${last.hash}), signed on ${lastHead.signedAt}`,
    `by key${keys.length === 1 ? '' : 's'} ${keys.join(', ')}.`,
    `Exported ${exportedAt}. To be sure nothing was cut off at the end, compare the last head with one you kept.`,
  ].join('\n');
}
