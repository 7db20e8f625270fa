/**
 * `govern`: the command line for secretariat, board members and operators.
 * Every refusal prints the engine's reason and exits 1; usage errors exit 2;
 * `--json` prints machine-readable output (errors as {"error", "message"}).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { gates, stages } from '../machines/lifecycle';
import { voteChoices } from '../machines/policy/voting';
import { loadBoard } from './boardConfig';
import { readDecisions } from './decisions';
import { GovernanceError } from './errors';
import { GovernanceClient, type CommandName } from './governanceClient';
import { formatAudit, formatEntry, formatReviews, formatView } from './format';

const usage = `Usage: govern <command> [options]   (add --json for machine-readable output)

Secretariat
  request   --product ID --stage STAGE --gate GATE --as SECRETARIAT_ID
            [--name "Product name"] [--paper URL]... [--assess "principle: assessment"]...
            [--closes ISO_DATE | --days N] [--id REVIEW_ID]
            stages: ${stages.join(', ')}; gates: ${gates.join(', ')}
  close     REVIEW_ID --as SECRETARIAT_OR_CHAIR_ID       close voting now and decide

Board members
  vote      REVIEW_ID --as MEMBER_ID --choice CHOICE [--reason TEXT] [--condition TEXT]...
            [--change] [--via update|signal]        choices: ${voteChoices.join(', ')}
  interest  REVIEW_ID --as MEMBER_ID --interest TEXT  declare a conflict of interest (recuses you)
  casting-vote REVIEW_ID --as CHAIR_ID --choice approve|reject [--reason TEXT]

Anyone
  status    REVIEW_ID                    where a review stands
  reviews   [--product ID] [--status STATE]
  register  [--product ID]               the published decisions
  audit     REVIEW_ID                    every command a review received, accepted or refused
  board                                  the product board roster this client uses
`;

const options = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  as: { type: 'string' },
  product: { type: 'string' },
  name: { type: 'string' },
  stage: { type: 'string' },
  gate: { type: 'string' },
  paper: { type: 'string', multiple: true },
  assess: { type: 'string', multiple: true },
  closes: { type: 'string' },
  days: { type: 'string' },
  id: { type: 'string' },
  choice: { type: 'string' },
  reason: { type: 'string' },
  condition: { type: 'string', multiple: true },
  change: { type: 'boolean' },
  via: { type: 'string' },
  interest: { type: 'string' },
  status: { type: 'string' },
} satisfies ParseArgsConfig['options'];

class UsageError extends Error {
  override name = 'UsageError';
}

type Values = ReturnType<typeof parse>['values'];
const parse = (argv: string[]) => parseArgs({ args: argv, options, allowPositionals: true, strict: true });

function required(values: Values, key: keyof Values, what: string): string {
  const value = values[key];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${key} is required: ${what}`);
  return value;
}

function reviewIdOf(positionals: string[]): string {
  const id = positionals[1];
  if (!id) throw new UsageError(`${positionals[0]} needs a review id, e.g. "govern ${positionals[0]} gr-benefits-map-alpha-1a2b3c4d"`);
  return id;
}

function closingDate(values: Values): Date | undefined {
  if (values.closes) {
    const date = new Date(values.closes);
    if (Number.isNaN(date.getTime())) throw new UsageError(`--closes "${values.closes}" is not a date; use ISO 8601, e.g. 2026-12-01T17:00:00Z`);
    return date;
  }
  if (values.days) {
    const days = Number(values.days);
    if (!(days > 0)) throw new UsageError(`--days "${values.days}" must be a positive number of days`);
    return new Date(Date.now() + days * 86_400_000);
  }
  return undefined;
}

function selfAssessment(values: Values) {
  return (values.assess ?? []).map((line) => {
    const split = line.indexOf(':');
    if (split < 1) throw new UsageError(`--assess "${line}" should read "principle: how the product meets it"`);
    return { principle: line.slice(0, split).trim(), assessment: line.slice(split + 1).trim() };
  });
}

async function run(argv: string[]): Promise<{ json: unknown; text: string }> {
  const { values, positionals } = parse(argv);
  const command = positionals[0];
  if (values.help || !command) return { json: { usage }, text: usage };
  if (command === 'board') {
    const board = loadBoard();
    const text = [`${board.roster.boardId} (${board.roster.seats} seats), chair ${board.roster.chair}, secretariat ${board.roster.secretariat.join(', ')}`,
      ...board.roster.members.map((m) => `  ${m.id.padEnd(12)} ${m.name}${m.technical === undefined ? '' : m.technical ? ' (technical)' : ' (non-technical)'}`)].join('\n');
    return { json: board, text };
  }

  // Connect only once the arguments are known to be complete, so usage errors come first.
  let connecting: Promise<GovernanceClient> | undefined;
  const client = () => (connecting ??= GovernanceClient.connect());
  const via = values.via === undefined ? 'update' : values.via;
  if (via !== 'update' && via !== 'signal') throw new UsageError(`--via is "update" or "signal", not "${via}"`);

  const send = async (name: CommandName, payload: Record<string, unknown>) => {
    const id = reviewIdOf(positionals);
    if (via === 'signal') {
      await (await client()).send(id, name, payload as never, 'signal');
      const note = `Sent ${name} to ${id} as a signal. A signal is not answered: check "govern audit ${id}" to see whether it was accepted.`;
      return { json: { sent: name, reviewId: id, via }, text: note };
    }
    const view = await (await client()).send(id, name, payload as never);
    return { json: view, text: formatView(view) };
  };

  switch (command) {
    case 'request': {
      const stage = required(values, 'stage', `the product's current stage (${stages.join(', ')})`);
      const gate = required(values, 'gate', `the gate to pass (${gates.join(', ')})`);
      const closes = closingDate(values);
      const result = await (await client()).requestGateReview({
        productId: required(values, 'product', 'the product id'),
        stage: stage as never,
        gate: gate as never,
        requestedBy: required(values, 'as', 'your secretariat id'),
        ...(values.name ? { productName: values.name } : {}),
        papers: values.paper ?? [],
        selfAssessment: selfAssessment(values),
        ...(closes ? { votingClosesAt: closes } : {}),
        ...(values.id ? { reviewId: values.id } : {}),
      });
      return { json: result, text: `Requested gate review ${result.reviewId}; voting closes at ${result.votingClosesAt}.` };
    }
    case 'vote':
      return send(values.change ? 'changeVote' : 'castVote', {
        by: required(values, 'as', 'your member id'),
        choice: required(values, 'choice', voteChoices.join(', ')),
        ...(values.reason ? { reason: values.reason } : {}),
        ...(values.condition ? { conditions: values.condition } : {}),
      });
    case 'interest':
      return send('declareInterest', { by: required(values, 'as', 'your member id'), interest: required(values, 'interest', 'what the interest is') });
    case 'close':
      return send('closeVoting', { by: required(values, 'as', 'your secretariat or chair id') });
    case 'casting-vote':
      return send('castCastingVote', {
        by: required(values, 'as', 'the chair id'),
        choice: required(values, 'choice', 'approve or reject'),
        ...(values.reason ? { reason: values.reason } : {}),
      });
    case 'status': {
      const id = reviewIdOf(positionals);
      const view = await (await client()).status(id);
      return { json: view, text: formatView(view) };
    }
    case 'audit': {
      const id = reviewIdOf(positionals);
      const entries = await (await client()).audit(id);
      return { json: entries, text: formatAudit(entries) };
    }
    case 'reviews': {
      const rows = await (await client()).listReviews({ ...(values.product ? { productId: values.product } : {}), ...(values.status ? { status: values.status } : {}) });
      return { json: rows, text: formatReviews(rows) };
    }
    case 'register': {
      const entries = await readDecisions(values.product ? { productId: values.product } : {});
      return { json: entries, text: entries.length ? entries.map(formatEntry).join('\n\n') : 'The register has no decisions yet.' };
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${usage}`);
  }
}

const argv = process.argv.slice(2);
const json = argv.includes('--json');
try {
  const { json: data, text } = await run(argv);
  console.log(json ? JSON.stringify(data, null, 2) : text);
  process.exit(0);
} catch (err) {
  const error = err instanceof Error ? err : new Error(String(err));
  const usageProblem = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  if (json) console.log(JSON.stringify({ error: error.name, message: error.message }));
  else console.error(`${error instanceof GovernanceError || usageProblem ? '' : `${error.name}: `}${error.message}`);
  process.exit(usageProblem ? 2 : 1);
}
