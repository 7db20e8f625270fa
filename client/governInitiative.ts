/**
 * `govern initiative …`: the initiative board's quarter from the command line,
 * for anyone (submit, follow, agenda, minutes, subscribe), the secretariat
 * (triage, propose, attendance, actions, research reports) and members
 * (propose, interest, vote, research).
 */
import { parseArgs } from 'node:util';
import { isSecretariat } from '../machines/kernel/roster';
import { engagementLevels, resourceKinds, type Proposal } from '../machines/initiativeBoard/schema';
import { gates } from '../machines/kernel/lifecycle';
import type { InitiativeView } from '../machines/initiativeBoard/view';
import { initiativeDecisionTypes } from '../machines/initiativeBoard/policy';
import { voteChoices } from '../machines/kernel/voting';
import { initiativeProcessId } from '../workflows/initiativeBoard/messages';
import { byUpdateOnly, colonPairs, commaList, delivery, idAt, isoDate, oneOf, optional, readJson, required, wholeNumber } from './cliArgs';
import { CommandRefused, UsageError } from './errors';
import type { GovernanceClient } from './governanceClient';
import type { InitiativeClient, InitiativePayload } from './initiativeClient';
import { initiativeFile, loadInitiativeBoard } from './initiativeConfig';
import { formatInitiativeEntry, formatSignalSent, isInitiativeEntry } from './format';
import { formatInitiative, formatSubmission } from './initiativeFormat';

export const initiativeUsage = `Initiative board (quarterly)   govern initiative <command> …
Anyone
  initiative                              this quarter: stage, agenda, next quarter, submissions, actions
  initiative submit --title TEXT --text TEXT [--as YOUR_ID] [PROPOSAL]
            raise an item; without --as the submission is anonymous (keep the id it prints)
  initiative follow SUBMISSION_ID         where your submission stands, and the published reason
  initiative minutes                      the board's published decisions, minutes and triage answers
  initiative subscribe --as ID --level ${engagementLevels.join('|')}    be sent published decisions
  initiative unsubscribe --as ID
Secretariat
  initiative open --as ID                 open the board from its file (safe to repeat)
  initiative triage SUBMISSION_ID --as ID --outcome accepted|merged|declined --reason TEXT
                    [--into ITEM_ID (merged)] [PROPOSAL (accepted, if the submission had none)]
  initiative attendance --as ID --present ID,ID,…        while the meeting sits
  initiative chair MEMBER_ID --as ID [--reference TEXT]   appoint the chair
  initiative action --as ID --text TEXT --owner NAME [--item ITEM_ID]   carried until done
  initiative action-done ACTION_ID --as ID --evidence TEXT
  initiative research-report ITEM_ID --as ID --report URL [--summary TEXT]
Members (and the secretariat)
  initiative propose --as ID --title TEXT --text TEXT PROPOSAL [--referral (secretariat: from the product board)]
  initiative interest ITEM_ID --as ID --interest TEXT    declare a conflict (recuses you)
  initiative vote ITEM_ID --as ID --choice ${voteChoices.join('|')} [--reason TEXT] [--condition TEXT]… [--change]
  initiative casting-vote ITEM_ID --as CHAIR_ID --choice approve|reject
  initiative research ITEM_ID --as ID --researcher NAME --question TEXT --due ISO_DATE   the item waits for it
PROPOSAL: --decision ${initiativeDecisionTypes.join('|')} and
  principle:   --action adopt|revise --id ID --principle-title TEXT [--principle-text TEXT]
  strategy:    --focus TEXT [--kpi "name: target"]…
  recognition: --resource ID --kind ${resourceKinds.join('|')} --name TEXT [--url URL]
  withdrawal:  --resource ID
  funding:     --gap TEXT --priority high|medium|low
  governance:  [--changes FILE.json] [--seats N] (this board)  [--product-board-changes FILE.json] (the product board)
               each file names only the parts of the policy it changes, e.g. {"triageDays": 10}
`;

const options = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  as: { type: 'string' },
  via: { type: 'string' },
  title: { type: 'string' },
  text: { type: 'string' },
  decision: { type: 'string' },
  action: { type: 'string' },
  id: { type: 'string' },
  'principle-title': { type: 'string' },
  'principle-text': { type: 'string' },
  focus: { type: 'string' },
  kpi: { type: 'string', multiple: true },
  resource: { type: 'string' },
  kind: { type: 'string' },
  name: { type: 'string' },
  url: { type: 'string' },
  gap: { type: 'string' },
  priority: { type: 'string' },
  changes: { type: 'string' },
  'product-board-changes': { type: 'string' },
  seats: { type: 'string' },
  outcome: { type: 'string' },
  reason: { type: 'string' },
  into: { type: 'string' },
  present: { type: 'string' },
  owner: { type: 'string' },
  item: { type: 'string' },
  evidence: { type: 'string' },
  report: { type: 'string' },
  summary: { type: 'string' },
  interest: { type: 'string' },
  choice: { type: 'string' },
  condition: { type: 'string', multiple: true },
  change: { type: 'boolean' },
  researcher: { type: 'string' },
  question: { type: 'string' },
  due: { type: 'string' },
  level: { type: 'string' },
  referral: { type: 'boolean' },
  reference: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse>['values'];
const parse = (argv: string[]) => parseArgs({ args: argv, options, allowPositionals: true, strict: true });

export type Output = { json: unknown; text: string };

/** The proposal the options describe, or undefined when no --decision was given. */
function proposal(values: Values): Proposal | undefined {
  if (values.decision === undefined) return undefined;
  if (([...gates, 'gate'] as readonly string[]).includes(values.decision))
    throw new UsageError(
      `--decision "${values.decision}" is the product board's to decide, not the initiative board's: its secretariat requests it with "govern request --gate …". The initiative board decides: ${initiativeDecisionTypes.join(', ')}`,
    );
  const decision = oneOf(values, 'decision', initiativeDecisionTypes, 'what the board is asked to decide');
  switch (decision) {
    case 'principle':
      return {
        decision,
        action: oneOf(values, 'action', ['adopt', 'revise'] as const, 'adopt a new principle or revise one in force'),
        principle: { id: required(values, 'id', 'the principle id'), title: required(values, 'principle-title', "the principle's title"), ...optional(values, 'principle-text', 'text') },
      };
    case 'strategy':
      return {
        decision,
        focus: required(values, 'focus', 'the focus of the strategy (e.g. the campaign)'),
        kpis: colonPairs(values.kpi, 'kpi', 'name: target').map(([name, target]) => ({ name, target })),
      };
    case 'recognition':
      return {
        decision,
        resource: { id: required(values, 'resource', 'the resource id'), kind: oneOf(values, 'kind', resourceKinds, 'what it is'), name: required(values, 'name', 'its name'), ...optional(values, 'url') },
      };
    case 'withdrawal':
      return { decision, resourceId: required(values, 'resource', 'the recognised resource id') };
    case 'funding':
      return { decision, gap: required(values, 'gap', 'the gap to fund'), priority: oneOf(values, 'priority', ['high', 'medium', 'low'] as const, 'its priority') };
    case 'governance': {
      const own = values.changes === undefined ? {} : { changes: readJson(values.changes) as never };
      const productBoard = values['product-board-changes'] === undefined ? {} : { productBoard: readJson(values['product-board-changes']) as never };
      const count = wholeNumber(values, 'seats', '12');
      const seats = count === undefined ? {} : { seats: count };
      if (!Object.keys({ ...own, ...productBoard, ...seats }).length)
        throw new UsageError('a governance change needs --changes FILE.json (this board), --product-board-changes FILE.json (the product board) or --seats N');
      return { decision, ...own, ...productBoard, ...seats };
    }
  }
}

/** Runs `govern initiative …` (argv without the word "initiative"); govern prints what it throws. */
export async function runInitiative(argv: string[], client: () => Promise<GovernanceClient>): Promise<Output> {
  const { values, positionals: rest } = parse(argv);
  const positionals = ['initiative', ...rest];
  const sub = rest[0];
  if (values.help) return { json: { usage: initiativeUsage }, text: initiativeUsage };
  const via = delivery(values);
  const as = (role: string) => required(values, 'as', `your ${role} id`);
  const board = async (): Promise<InitiativeClient> => (await client()).initiative();

  /** Sends a command; by Update it prints the board as it now stands, after `headline` (what the command did) when given. */
  const send = async <N extends Parameters<InitiativeClient['command']>[0]>(name: N, payload: InitiativePayload<N>, headline?: (view: InitiativeView) => string): Promise<Output> => {
    const initiative = await board();
    const view = await initiative.command(name, payload, via);
    if (!view) {
      const workflowId = initiativeProcessId(initiative.boardId);
      return { json: { sent: name, workflowId, via }, text: formatSignalSent(name, workflowId) };
    }
    return { json: view, text: `${headline ? `${headline(view)}\n` : ''}${formatInitiative(view)}` };
  };
  const show = (view: InitiativeView): Output => ({ json: view, text: formatInitiative(view) });

  switch (sub) {
    case undefined:
    case 'agenda':
      return show(await (await board()).status());
    case 'open': {
      byUpdateOnly(via, 'initiative open');
      const by = as('secretariat');
      const config = loadInitiativeBoard();
      if (!isSecretariat(config.roster as never, by))
        throw new CommandRefused(`${by} may not open ${config.roster.boardId}: only its secretariat (${config.roster.secretariat.join(', ')}) in ${initiativeFile()} may.`);
      return show(await (await board()).open({ by, config }));
    }
    case 'submit': {
      byUpdateOnly(via, 'initiative submit (you need the submission id it answers with)');
      const p = proposal(values);
      const submission = await (await board()).submit({
        title: required(values, 'title', 'a short title'),
        text: required(values, 'text', 'what you are raising and why'),
        ...optional(values, 'as', 'by'),
        ...(p ? { proposal: p } : {}),
      });
      return { json: submission, text: `Submitted ${submission.submissionId}; the secretariat answers by ${submission.triageBy}.\nFollow it with: govern initiative follow ${submission.submissionId}` };
    }
    case 'follow': {
      const submission = await (await board()).follow(idAt(positionals, 2, 'a submission id', 'initiative-board-S3'));
      return { json: submission, text: formatSubmission(submission) };
    }
    case 'minutes': {
      const entries = (await (await board()).register()).filter(isInitiativeEntry);
      return { json: entries, text: entries.map(formatInitiativeEntry).join('\n\n') || 'Nothing published yet.' };
    }
    case 'subscribe': {
      const by = as('stakeholder');
      const level = oneOf(values, 'level', engagementLevels, 'how you are engaged with the initiative');
      return send('subscribe', { by, level }, (v) => `${by} is subscribed (${level}) to ${v.boardId}: its published decisions and minutes will be sent to you (read them with "govern notifications --as ${by}").`);
    }
    case 'unsubscribe': {
      const by = as('stakeholder');
      return send('unsubscribe', { by }, (v) => `${by} is no longer subscribed to ${v.boardId}.`);
    }
    case 'triage': {
      const p = proposal(values);
      return send('triageSubmission', {
        by: as('secretariat'),
        submissionId: idAt(positionals, 2, 'a submission id', 'initiative-board-S3'),
        outcome: oneOf(values, 'outcome', ['accepted', 'merged', 'declined'] as const, 'the answer'),
        reason: required(values, 'reason', 'the reason, published with the answer'),
        ...optional(values, 'into', 'mergedInto'),
        ...(p ? { proposal: p } : {}),
      });
    }
    case 'propose': {
      const p = proposal(values);
      if (!p) throw new UsageError('--decision is required: what the board is asked to decide');
      return send('proposeItem', { by: as('member or secretariat'), title: required(values, 'title', 'a short title'), text: required(values, 'text', 'the motion'), proposal: p, ...(values.referral ? { referredBy: 'productBoard' as const } : {}) }, (v) => {
        // The new item has the highest number; it joins this quarter's agenda until the papers have gone out.
        const number = (i: { itemId: string }) => Number(i.itemId.slice(i.itemId.lastIndexOf('-I') + 2));
        const newest = [...v.agenda, ...v.nextAgenda].reduce((a, b) => (number(b) > number(a) ? b : a));
        const next = v.nextAgenda.includes(newest);
        return `Proposed ${newest.itemId}: on the agenda of ${next ? `the next quarter (this quarter's papers went out on ${v.quarter.papersDeadline})` : `the meeting of ${v.quarter.startsAt}`}.`;
      });
    }
    case 'chair':
      return send('appointChair', { by: as('secretariat'), memberId: idAt(positionals, 2, 'a member id', 'i-kofi'), ...optional(values, 'reference') });
    case 'attendance':
      return send('recordAttendance', { by: as('secretariat'), present: commaList(values, 'present', 'the members present, comma-separated') });
    case 'action':
      return send('recordAction', { by: as('secretariat'), text: required(values, 'text', 'what is to be done'), owner: required(values, 'owner', 'who does it'), ...optional(values, 'item', 'itemId') });
    case 'action-done':
      return send('completeAction', { by: as('secretariat'), actionId: idAt(positionals, 2, 'an action id', 'initiative-board-A2'), evidence: required(values, 'evidence', 'what was done') });
    case 'interest':
      return send('declareInterest', { by: as('member'), itemId: idAt(positionals, 2, 'an item id', 'initiative-board-I4'), interest: required(values, 'interest', 'the interest') });
    case 'vote':
      return send(values.change ? 'changeVote' : 'castVote', {
        by: as('member'),
        itemId: idAt(positionals, 2, 'an item id', 'initiative-board-I4'),
        choice: oneOf(values, 'choice', voteChoices, 'your vote'),
        ...optional(values, 'reason'),
        ...(values.condition?.length ? { conditions: values.condition } : {}),
      });
    case 'casting-vote':
      return send('castCastingVote', { by: as('chair'), itemId: idAt(positionals, 2, 'an item id', 'initiative-board-I4'), choice: oneOf(values, 'choice', ['approve', 'reject'] as const, 'the casting vote'), ...optional(values, 'reason') });
    case 'research':
      return send('commissionResearch', {
        by: as('member'),
        itemId: idAt(positionals, 2, 'an item id', 'initiative-board-I4'),
        researcher: required(values, 'researcher', 'who will do it'),
        question: required(values, 'question', 'what the board wants to know'),
        dueAt: isoDate(values, 'due', 'when the report is due'),
      });
    case 'research-report':
      return send('reportResearch', { by: as('secretariat'), itemId: idAt(positionals, 2, 'an item id', 'initiative-board-I4'), report: required(values, 'report', 'a link to the report'), ...optional(values, 'summary') });
    default:
      throw new UsageError(`Unknown initiative command "${sub}".\n\n${initiativeUsage}`);
  }
}
