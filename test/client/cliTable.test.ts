/**
 * The `govern` command table on its own, with no Temporal server: the help is generated from the
 * table, each command takes its own options and no others, and `runGovern` answers in process with
 * the README's exit codes. (The in-process run against a real server is in govern.test.ts.)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../client/cli/dispatch';
import { commandLines, fullHelp, sectionHelp } from '../../client/cli/help';
import { value } from '../../client/cli/options';
import { governTable, runGovern } from '../../client/cli/run';
import { allCommands, command, type Section } from '../../client/cli/table';
import type { GovernanceClient } from '../../client/governanceClient';
import { projectRoot } from '../../client/settings';
import type { Db } from '../../store/database';
import { freshStore } from '../support/postgres';

/** Runs `govern` in process; the client factory counts its calls and never connects; `database` is the register's, if the command needs one. */
async function govern(argv: string[], table: readonly Section[] = governTable, database?: () => Promise<Db>) {
  let stdout = '';
  let stderr = '';
  let connections = 0;
  const connect = (): Promise<GovernanceClient> => {
    connections++;
    return Promise.reject(new Error('this test has no Temporal server'));
  };
  // Development mode: these command lines name who acts with --as, and nothing is sent anywhere.
  const code = await runGovern(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, connect, mode: 'dev', ...(database ? { database } : {}) }, table);
  return { code, stdout, stderr, connections };
}

const optionsNamed = (text: string) => new Set([...text.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]!));
const sectionOf = (c: ReturnType<typeof allCommands>[number]) => governTable.find((s) => s.commands.includes(c))!;

describe('the generated help', () => {
  const help = fullHelp(governTable);

  it('lists every command of the table under its role group', () => {
    const commands = allCommands(governTable);
    expect(commands.length).toBe(72);
    for (const c of commands) {
      expect(help).toContain(commandLines(c).join('\n'));
      expect(sectionOf(c).groups).toContain(c.group);
    }
  });

  it('keeps the grouping the README quotes', () => {
    expect(help).toMatch(/^Usage: govern <command> \[options\]/);
    expect(help).toMatch(/\nSecretariat\n {2}board open +open the board process from the board file \(safe to repeat\)\n/);
    expect(help).toMatch(/\nBoard members\n {2}vote REVIEW_ID --choice CHOICE/);
    expect(help).toMatch(/\nAnyone\n {2}board +roster, composition, principles, next meetings\n/);
    expect(help).toContain('Initiative board (quarterly)   govern initiative <command> …\nAnyone\n  initiative ');
    expect(help).toContain('initiative triage SUBMISSION_ID --outcome accepted|merged|declined --reason TEXT');
    expect(help).toContain('PROPOSAL: --decision principle|strategy|recognition|withdrawal|funding|governance');
  });

  it('shows a command added to a table in that table’s help, and runs it', async () => {
    const greet = command({
      words: ['greet'],
      group: 'Visitors',
      usage: '--name NAME',
      summary: 'say hello',
      options: { name: value },
      run: async ({ values }) => ({ json: { hello: values.name }, text: `Hello, ${values.name ?? 'you'}` }),
    });
    const table: Section[] = [...governTable, { prefix: [], groups: ['Visitors'], commands: [greet] }];

    const [listed, alone, ran, misplaced] = await Promise.all([govern(['--help'], table), govern(['help', 'greet'], table), govern(['greet', '--name', 'Ada'], table), govern(['greet', '--as', 's-jo'], table)]);
    expect(listed).toMatchObject({ code: 0, stdout: expect.stringContaining('Visitors\n  greet --name NAME                       say hello\n') });
    expect(listed.stdout).not.toContain('Visitors\n  board');
    expect(alone).toMatchObject({ code: 0, stdout: 'Usage:\n  govern greet --name NAME                say hello\n' });
    expect(ran).toMatchObject({ code: 0, stdout: 'Hello, Ada\n', connections: 0 });
    expect(misplaced).toMatchObject({ code: 2, stderr: expect.stringContaining('"govern greet" does not take --as; it is an option of "govern board open"') });
  });

  it('documents every option a command takes, and takes every option its usage names', () => {
    for (const c of allCommands(governTable)) {
      const section = sectionOf(c);
      const usage = commandLines(c).join('\n');
      // A PROPOSAL's options are explained once, under the initiative board's commands; --via and --as (development mode) under the product board's.
      const documented = optionsNamed(usage.includes('PROPOSAL') ? `${usage}\n${section.footer?.join('\n')}` : usage);
      const taken = new Set(Object.keys(c.options).filter((o) => o !== 'via' && o !== 'as'));
      expect({ command: c.words.join(' '), options: [...taken].sort() }).toEqual({ command: c.words.join(' '), options: [...documented].sort() });
    }
  });

  it('prints a section, a family or one command for --help after their words', async () => {
    const initiative = governTable.find((s) => s.prefix[0] === 'initiative')!;
    const [section, family, one, withId] = await Promise.all([govern(['initiative', '--help']), govern(['board', '--help']), govern(['help', 'vote']), govern(['vote', 'gr-1', '-h'])]);
    expect(section).toMatchObject({ code: 0, stdout: `${sectionHelp(initiative)}\n` });
    expect(family.stdout).toMatch(/^Secretariat\n {2}board open/);
    expect(family.stdout).toContain('Anyone\n  board ');
    expect(family.stdout).not.toContain('vote');
    expect(one.stdout).toMatch(/^Usage:\n {2}govern vote REVIEW_ID --choice CHOICE/);
    expect(withId.stdout).toBe(one.stdout);
  });
});

describe('a malformed command line', () => {
  it('refuses an unknown option with exit 2 and the command’s usage, before connecting', async () => {
    const result = await govern(['vote', 'gr-1', '--as', 'm-ben', '--choice', 'approve', '--frobnicate']);
    expect(result).toMatchObject({ code: 2, connections: 0, stdout: '' });
    expect(result.stderr).toBe(`"govern vote" does not take --frobnicate\n\nUsage:\n  govern vote REVIEW_ID --choice CHOICE [--reason TEXT] [--condition TEXT]... [--change]\n            choices: approve, approveWithConditions, reject, abstain\n`);
  });

  it('refuses an option of another command with exit 2, naming the command it belongs to', async () => {
    const [gate, severity, json] = await Promise.all([
      govern(['vote', 'gr-1', '--as', 'm-ben', '--choice', 'approve', '--gate', 'alpha']),
      govern(['initiative', 'vote', 'initiative-board-I1', '--as', 'i-kofi', '--choice', 'approve', '--severity', 'low']),
      govern(['status', 'gr-1', '--as', 'm-ben', '--json']),
    ]);
    expect(gate).toMatchObject({ code: 2, connections: 0, stderr: expect.stringContaining('"govern vote" does not take --gate; it is an option of "govern request"') });
    expect(gate.stderr).toContain('Usage:\n  govern vote REVIEW_ID');
    expect(severity).toMatchObject({ code: 2, stderr: expect.stringContaining('"govern initiative vote" does not take --severity; it is an option of "govern harm triage"') });
    expect(severity.stderr).toContain('Usage:\n  govern initiative vote ITEM_ID');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({ error: 'UsageError', message: expect.stringContaining('"govern status" does not take --as; it is an option of') });
  });

  it('names the sub-commands of a family, and refuses an argument too many', async () => {
    const [unknown, board, product, review, extra] = await Promise.all([
      govern(['frobnicate']),
      govern(['board', 'frob']),
      govern(['product']),
      govern(['review', 'foo']),
      govern(['status', 'gr-1', 'gr-2']),
    ]);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining(`Unknown command "frobnicate".\n\n${fullHelp(governTable)}`) });
    expect(board).toMatchObject({ code: 2, stderr: expect.stringContaining('"govern board" takes "open", "recover", "appoint", "remove", "chair", "policy", "principle", "pause", "resume", "call-meeting" or nothing, not "frob".') });
    expect(product).toMatchObject({ code: 2, stderr: expect.stringContaining('"govern product" takes "register" or "status".') });
    expect(review).toMatchObject({ code: 2, stderr: expect.stringContaining('For gate reviews see "govern reviews" and "govern status".') });
    expect(extra).toMatchObject({ code: 2, stderr: expect.stringContaining('"govern status" takes 1 argument; "gr-2" is one too many') });
  });

  it('shows the command’s usage with a handler’s usage error', async () => {
    const result = await govern(['request', '--product', 'p', '--as', 's-jo']);
    expect(result).toMatchObject({ code: 2, connections: 0 });
    expect(result.stderr).toMatch(/^--gate is required: the decision asked for .*\n\nUsage:\n {2}govern request --product PRODUCT_ID --gate GATE/);
  });
});

describe('runGovern in process', () => {
  const saved = process.env.GOVERN_REGISTER_DIR;
  beforeEach(() => {
    process.env.GOVERN_REGISTER_DIR = mkdtempSync(join(tmpdir(), 'governance-register-'));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.GOVERN_REGISTER_DIR;
    else process.env.GOVERN_REGISTER_DIR = saved;
  });

  it('refuses opening the board for someone not its secretariat with exit 1 and the reason, before connecting', async () => {
    const [text, json] = await Promise.all([govern(['board', 'open', '--as', 'm-ben']), govern(['board', 'open', '--as', 'm-ben', '--json'])]);
    expect(text).toMatchObject({ code: 1, connections: 0, stdout: '', stderr: expect.stringContaining('m-ben may not open product-board: only its secretariat (s-jo, s-sam)') });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ error: 'CommandRefused', message: expect.stringContaining('only its secretariat') });
  });

  it('refuses recovering a board for someone not its secretariat with exit 1 and the reason, before connecting', async () => {
    const [board, initiative] = await Promise.all([govern(['board', 'recover', '--as', 'm-ben']), govern(['initiative', 'recover', '--as', 'm-ben'])]);
    expect(board).toMatchObject({ code: 1, connections: 0, stdout: '', stderr: expect.stringContaining('m-ben may not recover product-board: only its secretariat (s-jo, s-sam)') });
    expect(initiative).toMatchObject({ code: 1, connections: 0, stdout: '', stderr: expect.stringContaining('m-ben may not recover initiative-board: only its secretariat') });
  });

  it('reads the register, which needs no Temporal connection', async () => {
    const { db } = await freshStore();
    const database = async () => db;
    const [text, json] = await Promise.all([govern(['register'], governTable, database), govern(['register', '--product', 'benefits-map', '--json'], governTable, database)]);
    expect(text).toEqual({ code: 0, connections: 0, stdout: 'The register has no decisions yet.\n', stderr: '' });
    expect(JSON.parse(json.stdout)).toEqual([]);
  });

  it('reports a failure to connect as exit 1 for a command that needs Temporal', async () => {
    expect(await govern(['agenda'])).toMatchObject({ code: 1, connections: 1, stderr: 'Error: this test has no Temporal server\n' });
  });
});

describe('through the API (the normal way)', () => {
  const savedConfig = process.env.XDG_CONFIG_HOME;
  beforeEach(() => {
    // A config folder with no sign-in in it.
    process.env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'governance-config-'));
  });
  afterEach(() => {
    if (savedConfig === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = savedConfig;
  });

  async function governApi(argv: string[]) {
    let stdout = '';
    let stderr = '';
    let connections = 0;
    const connect = () => {
      connections++;
      return Promise.reject(new Error('this test has no server'));
    };
    const code = await runGovern(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, connect, mode: 'api' });
    return { code, stdout, stderr, connections };
  }

  it('refuses --as, which only development mode takes, before reaching the server', async () => {
    const result = await governApi(['vote', 'gr-1', '--as', 'm-ben', '--choice', 'approve']);
    expect(result).toMatchObject({ code: 2, connections: 0, stderr: expect.stringContaining('--as is for development mode only (GOVERN_DEV=1)') });
  });

  it('names the reasons a flag may give and what a moderation needs, before reaching the server', async () => {
    const [flag, moderate, harm] = await Promise.all([
      govern(['initiative', 'flag', 'iiigb-S1', '--reason', 'rude', '--as', 'p-zoe']),
      govern(['initiative', 'moderate', 'iiigb-S1', '--outcome', 'kept', '--as', 's-jo']),
      govern(['harm', 'moderate', 'harm-p1-R1', '--product', 'p1', '--outcome', 'hide', '--reason', 'Spam', '--as', 's-jo']),
    ]);
    expect(flag).toMatchObject({ code: 2, connections: 0, stderr: expect.stringContaining('--reason "rude" is not one of: spam, abuse, personalData, duplicate') });
    expect(moderate).toMatchObject({ code: 2, connections: 0, stderr: expect.stringContaining('--reason is required: why, for the register and the author') });
    expect(harm).toMatchObject({ code: 2, connections: 0, stderr: expect.stringContaining('--outcome "hide" is not one of: kept, merged, removed') });
  });

  it('says to sign in for a command that acts, before reaching the server; a read needs no sign-in', async () => {
    const [vote, read] = await Promise.all([governApi(['vote', 'gr-1', '--choice', 'approve']), governApi(['agenda'])]);
    expect(vote).toMatchObject({ code: 1, connections: 0, stderr: expect.stringContaining('You are not signed in on this computer: run "govern login" first') });
    expect(read).toMatchObject({ code: 1, connections: 1 });
  });
});

describe('the README', () => {
  /** Every `npx govern …` command in the README's code blocks, continuation lines joined, placeholders left out. */
  function readmeCommands(): string[][] {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\\\n/g, ' '));
    return blocks
      .flatMap((block) => block.split('\n'))
      .map((line) => line.trim())
      .filter((line) => line.startsWith('npx govern '))
      .map((line) => shellWords(line).slice(2))
      .filter((argv) => !argv.some((a) => a === '…' || a.startsWith('<')));
  }

  /** Splits a shell line into words: quotes group, an unquoted # starts a comment. */
  function shellWords(line: string): string[] {
    const words: string[] = [];
    let word: string | undefined;
    let quote: string | undefined;
    for (const ch of line) {
      if (quote) {
        if (ch === quote) quote = undefined;
        else word += ch;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
        word ??= '';
      } else if (/\s/.test(ch)) {
        if (word !== undefined) words.push(word);
        word = undefined;
      } else if (ch === '#' && word === undefined) break;
      else word = (word ?? '') + ch;
    }
    if (word !== undefined) words.push(word);
    return words;
  }

  it('shows only command lines the table accepts', () => {
    const commands = readmeCommands();
    expect(commands.length).toBeGreaterThan(50);
    for (const argv of commands) expect(() => parseCommandLine(governTable, argv), argv.join(' ')).not.toThrow();
  });
});
