/**
 * The decision register: read it, export it with its hashes and signed heads, check an export
 * offline, and import the file register of earlier versions. None needs a Temporal connection;
 * `verify` needs no database either.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { snapshotRegister, toCsv, toJsonLines, exportLines } from '../../store/export';
import { importRegisterFolder, ImportError } from '../../store/importFolder';
import { migrateToLatest } from '../../store/migrations';
import { readRegister } from '../../store/register';
import { signerFromKeyFile } from '../../store/signing';
import { verifyExport } from '../../store/verify';
import { GovernanceError, InvalidCommand } from '../errors';
import { formatEntry } from '../format';
import { registerKeyFile } from '../settings';
import { oneOf } from './args';
import { repeated, value } from './options';
import { command } from './table';

/** An export that does not verify: the message names the first entry edited, removed, inserted or reordered. */
export class RegisterNotVerified extends GovernanceError {
  override name = 'RegisterNotVerified';
}

export const register = command({
  words: ['register'],
  group: 'Anyone',
  usage: '[--product PRODUCT_ID]',
  summary: 'the published decisions and minutes',
  options: { product: value },
  async run({ values, database, client, mode }) {
    const filter = values.product ? { productId: values.product } : {};
    // Anyone reads it through the engine's server; in development, from the database itself (no Temporal needed).
    const entries = mode === 'api' ? await (await client()).readRegister(filter) : await readRegister(await database(), filter);
    return { json: entries, text: entries.length ? entries.map(formatEntry).join('\n\n') : 'The register has no decisions yet.' };
  },
});

export const registerExport = command({
  words: ['register', 'export'],
  group: 'Anyone',
  usage: '[--format jsonl|csv] [--out FILE]',
  summary: 'every entry with its hashes and signed heads',
  notes: ['jsonl (the default) is what "register verify" checks; csv: one row per entry, for spreadsheets'],
  options: { format: value, out: value },
  async run({ values, database }) {
    const format = values.format === undefined ? 'jsonl' : oneOf(values, 'format', ['jsonl', 'csv'] as const, 'the format');
    const snapshot = await snapshotRegister(await database());
    const content = format === 'csv' ? toCsv(snapshot) : toJsonLines(snapshot);
    if (!values.out) return { json: format === 'csv' ? { format, csv: content } : exportLines(snapshot), text: content.replace(/\r?\n$/, '') };
    try {
      writeFileSync(values.out, content);
    } catch (err) {
      throw new InvalidCommand(`Cannot write the export to ${values.out}: ${(err as Error).message}`);
    }
    const entries = snapshot.entries.length;
    return {
      json: { format, out: values.out, entries, lastSeq: snapshot.entries.at(-1)?.seq ?? null, lastHash: snapshot.entries.at(-1)?.hash ?? null },
      text: `Exported ${entries} entr${entries === 1 ? 'y' : 'ies'} to ${values.out} (${format}).${format === 'jsonl' ? ` Check it, anywhere, with: govern register verify ${values.out}` : ''}`,
    };
  },
});

export const registerVerify = command({
  words: ['register', 'verify'],
  group: 'Anyone',
  usage: 'FILE [--public-key HEX]…',
  summary: 'check an export offline: hashes, chain, signed heads',
  notes: ['needs no database; names the first entry edited, removed, inserted or reordered (exit 1)', '--public-key: the key the heads must be signed with, as your organisation publishes it'],
  options: { 'public-key': repeated },
  positionals: 1,
  async run({ values, positional }) {
    const file = positional(0, 'the export to check', 'register.jsonl');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new InvalidCommand(`Cannot read ${file}: ${(err as Error).message}`);
    }
    const result = verifyExport(text, { publicKeys: values['public-key'] ?? [] });
    if (!result.ok) throw new RegisterNotVerified(`${file} does not verify. ${result.message}`);
    return { json: result, text: result.summary };
  },
});

export const registerImport = command({
  words: ['register', 'import'],
  group: 'Operators',
  usage: 'FOLDER',
  summary: 'bring a file register (one JSON file per record) into PostgreSQL; safe to repeat',
  notes: ['npm start does it by itself when the register is empty; signs with the engine\'s key (GOVERN_REGISTER_KEY_FILE)'],
  options: {},
  positionals: 1,
  async run({ positional, database }) {
    const folder = positional(0, 'the folder of the file register', '.data/register');
    const db = await database();
    await migrateToLatest(db);
    try {
      const result = await importRegisterFolder({ db, signer: await signerFromKeyFile(registerKeyFile()) }, folder);
      return {
        json: result,
        text: result.found
          ? `Imported ${result.imported} of ${result.found} entr${result.found === 1 ? 'y' : 'ies'} from ${folder}${result.present ? ` (${result.present} already in the register)` : ''}.`
          : `${folder} has no register entries: nothing to import.`,
      };
    } catch (err) {
      if (err instanceof ImportError) throw new InvalidCommand(err.message);
      throw err;
    }
  },
});
