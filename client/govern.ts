/**
 * `govern`: the command line for the secretariat, board members and anyone
 * reading the board's work. Every refusal prints the engine's reason and exits 1;
 * usage errors exit 2; `--json` prints machine-readable output (errors as
 * {"error", "message"}).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isSecretariat } from '../machines/kernel/roster';
import { gates } from '../machines/kernel/lifecycle';
import { harmLevels, remedies, severities } from '../machines/harmWatch/schema';
import { voteChoices } from '../machines/kernel/voting';
import { boardFile, loadBoard } from './boardConfig';
import { readDecisions } from './decisions';
import { byUpdateOnly, colonPairs, commaList, delivery, idAt, isoDate, oneOf, optional, readJson, required } from './cliArgs';
import { CommandRefused, GovernanceError, UsageError } from './errors';
import { initiativeUsage, runInitiative } from './governInitiative';
import { GovernanceClient, type BoardCommandName, type BoardCommandPayload, type CommandName, type HarmWatchCommandName, type HarmWatchPayload } from './governanceClient';
import {
  formatAgenda,
  formatAudit,
  formatBoard,
  formatDueReviews,
  formatEntry,
  formatHarmReport,
  formatHarmWatch,
  formatMeeting,
  formatNotifications,
  formatProduct,
  formatReviews,
  formatSignalSent,
  formatView,
} from './format';
import type { HarmWatchView } from '../machines/harmWatch/view';
import type { Delivery } from './processes';
import { boardProcessId } from '../workflows/productBoard/messages';
import { harmWatchProcessId } from '../workflows/harmWatch/messages';
import { productProcessId } from '../workflows/product/messages';

const usage = `Usage: govern <command> [options]   (add --json for machine-readable output)

Secretariat
  board open --as ID                      open the board process from the board file (safe to repeat)
  board appoint --as ID --member MEMBER_ID --name "Name" [--technical | --non-technical]
                [--expertise AREA]... [--lived-experience] [--reference TEXT]
  board remove MEMBER_ID --as ID --reason TEXT
  board chair MEMBER_ID --as ID [--reference TEXT]
  board policy --as ID --file policy.json [--keep SECTION,...] --reference TEXT
                replace the whole policy: the file gives every section, or --keep names those that stay as they are
  board principle --as ID --id PRINCIPLE_ID --title TITLE [--text TEXT] --scope guiding|board --reference TEXT
  board pause --as ID --reason TEXT       stop convening meetings
  board resume --as ID
  board call-meeting --as ID --at ISO_DATE
  product register --id PRODUCT_ID --name "Name" --as ID [--description TEXT]
  request   --product PRODUCT_ID --gate GATE --as ID [--paper URL]... [--assess "principle: how it meets it"]...
            gates: ${gates.join(', ')}
            the chair may add --written --deadline ISO_DATE to decide between meetings by written procedure
  condition close CONDITION_ID --product PRODUCT_ID --as ID --evidence TEXT
  attendance MEETING_ID --as ID --present MEMBER_ID,MEMBER_ID,...
  assessment report REVIEW_ID --as ID --report URL [--summary TEXT]
  close     REVIEW_ID --as ID             close voting now and decide (secretariat or chair)
  publish-again REVIEW_ID --as ID         retry publishing a decision the register refused (secretariat)
  harm triage REPORT_ID --product PRODUCT_ID --as ID --severity ${severities.join('|')} --note TEXT
              [--plan TEXT --plan-due ISO_DATE [--owner TEXT]] [--remedy ${remedies.join('|')}]
            low: taken up by the next review; medium: needs --plan and --plan-due;
            high, critical: the product board decides at once, by written procedure, whether to suspend
            the product or roll it back (--remedy rollback puts the roll back to it; suspension by default)
  harm done REPORT_ID --product PRODUCT_ID --as ID --evidence TEXT     an action plan is done

Board members
  vote      REVIEW_ID --as MEMBER_ID --choice CHOICE [--reason TEXT] [--condition TEXT]... [--change]
            choices: ${voteChoices.join(', ')}
  interest  REVIEW_ID --as MEMBER_ID --interest TEXT     declare a conflict of interest (recuses you)
  casting-vote REVIEW_ID --as CHAIR_ID --choice approve|reject [--reason TEXT]
  assessment commission REVIEW_ID --as MEMBER_ID --assessor NAME --question TEXT --due ISO_DATE
  review record --product PRODUCT_ID --as ID --worst ${harmLevels.join('|')}
                [--benefit TEXT]... [--harm TEXT]... [--summary TEXT] [--remedy ${remedies.join('|')}]
            record a benefit and harm review once its evidence is gathered (the secretariat may too)

Anyone
  board                                   roster, composition, principles, next meetings
  product status PRODUCT_ID               stage, the item before the board, open conditions
  agenda                                  the next meetings and the items on each
  meeting MEETING_ID                      a convened meeting: agenda, attendance
  status    REVIEW_ID                     where a gate review stands
  reviews   [--product PRODUCT_ID] [--status STATE]     gate reviews
  reviews due                             benefit and harm reviews due or overdue, across live products
  harm report --product PRODUCT_ID --summary TEXT [--details TEXT] [--as YOUR_ID]
            report a harm a live product caused; without --as the report is anonymous
  harm status REPORT_ID --product PRODUCT_ID    follow a harm report
  harm watch --product PRODUCT_ID         a live product's next review, review under way, open harm reports
  register  [--product PRODUCT_ID]        the published decisions and minutes
  audit     WORKFLOW_ID                   every command a process received (gr-…, product-…, board-…, meeting-…, harm-watch-…)
  subscribe --as ID | unsubscribe --as ID be notified of published decisions, or stop
  notifications --as ID                   what the engine has sent you

Commands sent to a review, a product, a harm watch or the board take [--via update|signal] (default update).

${initiativeUsage}`;

const options = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  as: { type: 'string' },
  via: { type: 'string' },
  // board
  member: { type: 'string' },
  name: { type: 'string' },
  technical: { type: 'boolean' },
  'non-technical': { type: 'boolean' },
  expertise: { type: 'string', multiple: true },
  'lived-experience': { type: 'boolean' },
  reference: { type: 'string' },
  file: { type: 'string' },
  keep: { type: 'string', multiple: true },
  id: { type: 'string' },
  title: { type: 'string' },
  text: { type: 'string' },
  scope: { type: 'string' },
  at: { type: 'string' },
  description: { type: 'string' },
  // products and reviews
  product: { type: 'string' },
  gate: { type: 'string' },
  paper: { type: 'string', multiple: true },
  assess: { type: 'string', multiple: true },
  written: { type: 'boolean' },
  deadline: { type: 'string' },
  evidence: { type: 'string' },
  present: { type: 'string' },
  choice: { type: 'string' },
  reason: { type: 'string' },
  condition: { type: 'string', multiple: true },
  change: { type: 'boolean' },
  interest: { type: 'string' },
  assessor: { type: 'string' },
  question: { type: 'string' },
  due: { type: 'string' },
  report: { type: 'string' },
  summary: { type: 'string' },
  status: { type: 'string' },
  // harms of live products
  details: { type: 'string' },
  severity: { type: 'string' },
  note: { type: 'string' },
  plan: { type: 'string' },
  'plan-due': { type: 'string' },
  owner: { type: 'string' },
  remedy: { type: 'string' },
  worst: { type: 'string' },
  benefit: { type: 'string', multiple: true },
  harm: { type: 'string', multiple: true },
} satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parse>['values'];
const parse = (argv: string[]) => parseArgs({ args: argv, options, allowPositionals: true, strict: true });

const selfAssessment = (values: Values) => colonPairs(values.assess, 'assess', 'principle: how the product meets it').map(([principle, assessment]) => ({ principle, assessment }));

function technical(values: Values): { technical?: boolean } {
  if (values.technical && values['non-technical']) throw new UsageError('--technical and --non-technical exclude each other');
  return values.technical ? { technical: true } : values['non-technical'] ? { technical: false } : {};
}

type Output = { json: unknown; text: string };

async function run(argv: string[]): Promise<Output> {
  // The initiative board's commands have options of their own.
  if (argv[0] === 'initiative') return runInitiative(argv.slice(1), () => GovernanceClient.connect());
  const { values, positionals } = parse(argv);
  const [command, sub] = positionals;
  if (values.help || !command) return { json: { usage }, text: usage };

  // Connect only once the arguments are known to be complete, so usage errors come first.
  let connecting: Promise<GovernanceClient> | undefined;
  const client = () => (connecting ??= GovernanceClient.connect());
  const via = delivery(values);
  const as = (role: string) => required(values, 'as', `your ${role} id`);

  /** Sends a command by Update (printing the process's view) or by Signal (printing a note). */
  const deliver = async <V>(name: string, workflowId: string, call: (via: Delivery) => Promise<V | undefined>, format: (view: V) => string): Promise<Output> => {
    const view = await call(via);
    if (via === 'signal' || view === undefined) return { json: { sent: name, workflowId, via }, text: formatSignalSent(name, workflowId) };
    return { json: view, text: format(view) };
  };

  /** A gate review command, to the review named by the positional at `index`. */
  const send = (name: CommandName, payload: Record<string, unknown>, index = 1) => {
    const id = idAt(positionals, index, 'a review id', 'gr-benefits-map-discovery-1');
    return deliver(name, id, async (v) => (await client()).send(id, name, payload as never, v), formatView);
  };

  /** A board command, to the board of the board file. */
  const boardSend = <N extends BoardCommandName>(name: N, payload: BoardCommandPayload<N>) =>
    deliver(name, boardProcessId(loadBoard().roster.boardId), async (v) => (await client()).boardCommand(name, payload, { via: v }), formatBoard);

  /** A harm watch command, to the watch of --product; prints the report it concerns, or the watch. */
  const harmSend = <N extends HarmWatchCommandName>(name: N, productId: string, payload: HarmWatchPayload<N>, reportId?: string) => {
    const show = (view: HarmWatchView) => {
      const report = reportId ? view.reports.find((r) => r.reportId === reportId) : undefined;
      return report ? formatHarmReport(report) : formatHarmWatch(view);
    };
    return deliver(name, harmWatchProcessId(productId), async (v) => (await client()).harmCommand(productId, name, payload, v), show);
  };
  const reportAt = (index: number) => idAt(positionals, index, 'a harm report id', 'harm-benefits-map-1a2b3c4d --product benefits-map');

  switch (command) {
    case 'board':
      return boardCommand();
    case 'harm':
      return harmCommand();
    case 'review': {
      if (sub !== 'record') throw new UsageError(`"govern review" takes "record", not "${sub ?? ''}". For gate reviews see "govern reviews" and "govern status".`);
      // The reminder names the product after "record"; --product works too.
      const productId = values.product ?? positionals[2];
      if (!productId) throw new UsageError('--product is required: the live product reviewed');
      return harmSend('recordReview', productId, {
        by: as('board member or secretariat'),
        worstHarm: oneOf(values, 'worst', harmLevels, 'the worst harm found'),
        benefits: values.benefit ?? [],
        harms: values.harm ?? [],
        ...optional(values, 'summary'),
        ...(values.remedy ? { remedy: oneOf(values, 'remedy', remedies, 'what the board is asked to decide on a high or critical harm') } : {}),
      });
    }
    case 'product':
      if (sub === 'register') {
        byUpdateOnly(via, 'product register');
        const view = await (await client()).registerProduct({
          by: as('secretariat'),
          product: { id: required(values, 'id', 'the product id'), name: required(values, 'name', 'the product name'), ...optional(values, 'description') },
        });
        return { json: view, text: formatProduct(view) };
      }
      if (sub === 'status') {
        const view = await (await client()).product(idAt(positionals, 2, 'a product id', 'benefits-map'));
        return { json: view, text: formatProduct(view) };
      }
      throw new UsageError(`"govern product" takes "register" or "status", not "${sub ?? ''}".\n\n${usage}`);
    case 'request': {
      const productId = required(values, 'product', 'the product id');
      const gate = oneOf(values, 'gate', gates, 'the decision asked for');
      if (values.deadline && !values.written) throw new UsageError('--deadline goes with --written (a written procedure called by the chair)');
      const payload = {
        by: as('secretariat (or, for --written, chair)'),
        gate,
        papers: values.paper ?? [],
        selfAssessment: selfAssessment(values),
        ...(values.written ? { procedure: 'written' as const, deadline: isoDate(values, 'deadline', 'when the written procedure closes') } : {}),
      };
      return deliver('requestGate', productProcessId(productId), async (v) => (await client()).requestGate(productId, payload, v), formatProduct);
    }
    case 'condition': {
      if (sub !== 'close') throw new UsageError(`"govern condition" takes "close", not "${sub ?? ''}".`);
      const conditionId = idAt(positionals, 2, 'a condition id', 'gr-benefits-map-discovery-1-c1 --product benefits-map');
      const productId = required(values, 'product', 'the product the condition is on');
      const payload = { by: as('secretariat'), conditionId, evidence: required(values, 'evidence', 'a link or a description of what was done') };
      return deliver('closeCondition', productProcessId(productId), async (v) => (await client()).closeCondition(productId, payload, v), formatProduct);
    }
    case 'attendance': {
      byUpdateOnly(via, 'attendance');
      const meetingId = idAt(positionals, 1, 'a meeting id', 'product-board-2027-01-10');
      const present = commaList(values, 'present', 'the members present, comma-separated');
      const view = await (await client()).recordAttendance(meetingId, { by: as('secretariat'), present });
      return { json: view, text: view ? formatMeeting(view) : '' };
    }
    case 'assessment':
      if (sub === 'commission')
        return send('commissionAssessment', {
          by: as('member'),
          assessor: required(values, 'assessor', 'who will assess (a person or an organisation)'),
          question: required(values, 'question', 'what the board wants to know'),
          dueAt: isoDate(values, 'due', 'when the report is due'),
        }, 2);
      if (sub === 'report')
        return send('reportAssessment', { by: as('secretariat'), report: required(values, 'report', 'a link to the report'), ...optional(values, 'summary') }, 2);
      throw new UsageError(`"govern assessment" takes "commission" or "report", not "${sub ?? ''}".`);
    case 'vote':
      return send(values.change ? 'changeVote' : 'castVote', {
        by: as('member'),
        choice: required(values, 'choice', voteChoices.join(', ')),
        ...optional(values, 'reason'),
        ...(values.condition ? { conditions: values.condition } : {}),
      });
    case 'interest':
      return send('declareInterest', { by: as('member'), interest: required(values, 'interest', 'what the interest is') });
    case 'close':
      return send('closeVoting', { by: as('secretariat or chair') });
    case 'publish-again':
      return send('retryPublication', { by: as('secretariat') });
    case 'casting-vote':
      return send('castCastingVote', { by: as('chair'), choice: required(values, 'choice', 'approve or reject'), ...optional(values, 'reason') });
    case 'status': {
      const view = await (await client()).status(idAt(positionals, 1, 'a review id', 'gr-benefits-map-discovery-1'));
      return { json: view, text: formatView(view) };
    }
    case 'agenda': {
      const agenda = await (await client()).agenda();
      return { json: agenda, text: formatAgenda(agenda) };
    }
    case 'meeting': {
      const view = await (await client()).meeting(idAt(positionals, 1, 'a meeting id', 'product-board-2027-01-10'));
      return { json: view, text: formatMeeting(view) };
    }
    case 'audit': {
      const entries = await (await client()).audit(idAt(positionals, 1, 'a workflow id', 'gr-benefits-map-discovery-1'));
      return { json: entries, text: formatAudit(entries) };
    }
    case 'reviews': {
      if (sub === 'due') {
        const due = await (await client()).dueReviews();
        return { json: due, text: formatDueReviews(due) };
      }
      if (sub !== undefined) throw new UsageError(`"govern reviews" takes "due" or nothing, not "${sub}".`);
      const rows = await (await client()).listReviews({ ...optional(values, 'status'), ...(values.product ? { productId: values.product } : {}) });
      return { json: rows, text: formatReviews(rows) };
    }
    case 'register': {
      // The register is files: anyone may read it without a Temporal connection.
      const entries = await readDecisions(values.product ? { productId: values.product } : {});
      return { json: entries, text: entries.length ? entries.map(formatEntry).join('\n\n') : 'The register has no decisions yet.' };
    }
    case 'subscribe':
      return boardSend('subscribe', { by: as('person') });
    case 'unsubscribe':
      return boardSend('unsubscribe', { by: as('person') });
    case 'notifications': {
      const list = await (await client()).notifications(as('person'));
      return { json: list, text: formatNotifications(list) };
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${usage}`);
  }

  async function harmCommand(): Promise<Output> {
    const productId = () => required(values, 'product', 'the live product');
    switch (sub) {
      case 'report': {
        byUpdateOnly(via, 'harm report');
        const product = productId();
        const summary = required(values, 'summary', 'what happened, in a sentence or more');
        const { reportId, triageBy } = await (await client()).reportHarm(product, { summary, ...optional(values, 'details'), ...(values.as ? { by: values.as } : {}) });
        const text = [
          `Harm report ${reportId} received${values.as ? ` from ${values.as}` : ' (anonymous)'}: keep this id to follow your report.`,
          `The secretariat will triage it by ${triageBy}.`,
          `Follow it with: govern harm status ${reportId} --product ${product}`,
        ].join('\n');
        return { json: { reportId, triageBy, productId: product, anonymous: !values.as }, text };
      }
      case 'status': {
        const reportId = reportAt(2);
        const report = await (await client()).harmReport(productId(), reportId);
        return { json: report, text: formatHarmReport(report) };
      }
      case 'watch': {
        const view = await (await client()).harmWatch(values.product ?? idAt(positionals, 2, 'a product id', '--product benefits-map'));
        return { json: view, text: formatHarmWatch(view) };
      }
      case 'triage': {
        const reportId = reportAt(2);
        const product = productId();
        if ((values['plan-due'] || values.owner) && !values.plan) throw new UsageError('--plan-due and --owner go with --plan (the action plan)');
        const actionPlan = values.plan
          ? { description: values.plan, dueAt: isoDate(values, 'plan-due', 'when the action plan is due'), ...optional(values, 'owner') }
          : undefined;
        return harmSend('triageHarm', product, {
          by: as('secretariat'),
          reportId,
          severity: oneOf(values, 'severity', severities, 'how serious the harm is'),
          note: required(values, 'note', 'why this severity, and what happens next'),
          ...(actionPlan ? { actionPlan } : {}),
          ...(values.remedy ? { remedy: oneOf(values, 'remedy', remedies, 'what the product board is asked to decide') } : {}),
        }, reportId);
      }
      case 'done': {
        const reportId = reportAt(2);
        return harmSend('completeAction', productId(), { by: as('secretariat'), reportId, evidence: required(values, 'evidence', 'a link or a description of what was done') }, reportId);
      }
      default:
        throw new UsageError(`"govern harm" takes "report", "status", "watch", "triage" or "done", not "${sub ?? ''}".\n\n${usage}`);
    }
  }

  async function boardCommand(): Promise<Output> {
    switch (sub) {
      case undefined: {
        const view = await (await client()).boardStatus();
        return { json: view, text: formatBoard(view) };
      }
      case 'open': {
        byUpdateOnly(via, 'board open');
        const by = as('secretariat');
        const { roster } = loadBoard();
        // The board file founds the board, so its secretariat is who may open it.
        if (!isSecretariat(roster, by))
          throw new CommandRefused(`${by} may not open ${roster.boardId}: only its secretariat (${roster.secretariat.join(', ')}) in ${boardFile()} may.`);
        const view = await (await client()).openBoard({ by });
        return { json: view, text: formatBoard(view) };
      }
      case 'appoint':
        return boardSend('appointMember', {
          by: as('secretariat'),
          member: {
            id: required(values, 'member', 'the new member id'),
            name: required(values, 'name', "the new member's name"),
            ...technical(values),
            ...(values.expertise ? { expertise: values.expertise } : {}),
            ...(values['lived-experience'] ? { livedExperience: true } : {}),
          },
          ...optional(values, 'reference'),
        });
      case 'remove':
        return boardSend('removeMember', { by: as('secretariat'), memberId: idAt(positionals, 2, 'a member id', "m-ben --reason 'Resigned'"), reason: required(values, 'reason', 'why') });
      case 'chair':
        return boardSend('appointChair', { by: as('secretariat'), memberId: idAt(positionals, 2, 'a member id', 'm-amara'), ...optional(values, 'reference') });
      case 'policy':
        return boardSend('changePolicy', {
          by: as('secretariat'),
          policy: readJson(required(values, 'file', 'a JSON file with the whole policy')) as BoardCommandPayload<'changePolicy'>['policy'],
          ...(values.keep ? { keep: values.keep.flatMap((k) => k.split(',')).map((k) => k.trim()).filter(Boolean) as BoardCommandPayload<'changePolicy'>['keep'] } : {}),
          reference: required(values, 'reference', 'the decision that changed it'),
        });
      case 'principle':
        return boardSend('adoptPrinciple', {
          by: as('secretariat'),
          scope: oneOf(values, 'scope', ['guiding', 'board'] as const, 'whose principle it is'),
          principle: { id: required(values, 'id', 'the principle id'), title: required(values, 'title', 'its title'), ...optional(values, 'text') },
          reference: required(values, 'reference', 'the decision that adopted it'),
        });
      case 'pause':
        return boardSend('pauseMeetings', { by: as('secretariat'), reason: required(values, 'reason', 'why meetings pause') });
      case 'resume':
        return boardSend('resumeMeetings', { by: as('secretariat') });
      case 'call-meeting':
        return boardSend('callMeeting', { by: as('secretariat'), startsAt: isoDate(values, 'at', 'when the meeting starts') });
      default:
        throw new UsageError(`Unknown board command "${sub}".\n\n${usage}`);
    }
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
  // gRPC errors carry a numeric code; only Node's argument parser's string codes are usage problems.
  const code = (error as { code?: unknown }).code;
  const usageProblem = error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
  if (json) console.log(JSON.stringify({ error: error.name, message: error.message }));
  else console.error(`${error instanceof GovernanceError || usageProblem ? '' : `${error.name}: `}${error.message}`);
  process.exit(usageProblem ? 2 : 1);
}
