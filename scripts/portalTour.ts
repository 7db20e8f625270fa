/**
 * The portal's three walkthroughs (the secretariat, a member, anyone), walked in Debian's Chromium on
 * the whole engine as the browser tests run it (a Temporal dev server with the worker, PostgreSQL, a
 * real SMTP server, the HTTP server; both boards opened from config/, every board person given the
 * address <id>@example.org), with screenshots of the pages on a desktop and a phone for the README:
 *
 *   npm run tour          writes docs/portal/<walkthrough>-<page>-desktop.png and -phone.png
 *
 * It is also the proof that the walkthroughs work in the portal: each step checks what the page says
 * (its heading, the confirmation) and the tour stops with a non-zero exit naming the step that did not
 * get there. The images replace those in docs/portal only when every step passed.
 *
 * A meeting sits in real time only once it starts, and the board's file asks for papers 7 days ahead:
 * so the secretariat first changes the policy (papers due at the start), then calls a meeting a minute
 * or two out, as the browser tests do (but in the portal's own forms); the gate it then requests goes on
 * that meeting's agenda, and the tour ends by recording attendance once it sits.
 *
 * Each step is one small function in `steps`, in the order they run; a page added to the portal is
 * one more step (and one more `shoot`).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadBoard } from '../client/boardConfig';
import { projectRoot } from '../client/settings';
import { defaultTimeZone } from '../server/settings';
import { launchChromium, personIn, textOf } from '../test/support/chromium';
import { signInAs, signInWithAddress, startPortalEngine, type PortalEngine } from '../test/support/portal';
import { stopTestPostgres } from '../test/support/postgres';
import { codeSentTo } from '../test/support/signInServer';
import { recordRosterNames } from '../worker/rosterNames';

type Walkthrough = 'secretariat' | 'member' | 'anyone';

/** What the steps share: the engine, each person's browser page, and what one step found for a later one. */
interface Tour {
  readonly engine: PortalEngine;
  readonly as: Readonly<Record<Walkthrough, Page>>;
  readonly found: { reference?: string; submissionTitle?: string };
}

interface Step {
  readonly walkthrough: Walkthrough;
  readonly does: string;
  run(tour: Tour): Promise<void>;
}

const board = loadBoard();
const secretariat = board.roster.secretariat[0]!;
/** A member of the product board who is not its chair. */
const member = board.roster.members.find((m) => m.id !== board.roster.chair)!;
const principles = [...board.principles.guiding, ...board.principles.board];
const PRODUCT = { id: 'benefits-map', name: 'Benefits map', description: 'A map of the benefits people may claim where they live, and how to claim them.' };
const PAPER = 'https://example.org/benefits-map/prioritisation';
const SUBMISSION = { title: 'Map the food banks', text: 'Nobody keeps a list of the food banks near us and when they open. Could the infrastructure hold one, kept up to date by the food banks themselves?' };
const TRIAGE_REASON = 'The benefits map will show food banks next to the benefits from its beta; this is taken into that work rather than put to the board.';

/** How the team says the product meets each principle, as a secretariat would paste it in. */
const assessments: Readonly<Record<string, string>> = {
  'good-data': 'Each benefit says what it is, comes from the published rates tables, names who to contact, and links to how the figures were made.',
  'co-created': 'Shaped in four workshops with people who claim benefits; two of them test every release.',
  'do-no-harm': 'Each month we look for wrong amounts shown and for people put off claiming; what we find is logged in the open.',
  'open-by-default': 'The code and the data are published under open licences; nothing is withheld.',
};

const outDir = join(projectRoot, 'docs', 'portal');
const shotDir = mkdtempSync(join(tmpdir(), 'portal-tour-'));
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } } as const;

/** Where a step found itself wrong: thrown, named by the step that catches it. */
class TourFailure extends Error {
  override name = 'TourFailure';
}

/**
 * The page at `page` as a screenshot at both sizes: the viewport only, scrolled so that `at` (a selector)
 * is at its top, or the whole page where a form is longer than a screen (`fullPage` for each size).
 */
async function shoot(page: Page, name: string, options: { readonly at?: string; readonly fullPage?: readonly (keyof typeof sizes)[] } = {}): Promise<void> {
  // A focused field would show its focus ring in the picture.
  await page.evaluate(() => (globalThis as unknown as { document: { activeElement?: { blur?: () => void } } }).document.activeElement?.blur?.());
  for (const [size, viewport] of Object.entries(sizes) as [keyof typeof sizes, (typeof sizes)[keyof typeof sizes]][]) {
    await page.setViewportSize(viewport);
    // A little above `at`, so that its heading is not cut at the top edge.
    const top = options.at ? await page.locator(options.at).first().evaluate((el) => (el as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top + (globalThis as unknown as { scrollY: number }).scrollY - 16) : 0;
    await page.evaluate((y) => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, y), top);
    await page.screenshot({ path: join(shotDir, `${name}-${size}.png`), fullPage: options.fullPage?.includes(size) ?? false, animations: 'disabled', caret: 'hide' });
  }
  await page.setViewportSize(sizes.desktop);
}

/** Fails the step unless the page's main heading (a confirmation's panel title included) is `heading`. */
async function expectHeading(page: Page, heading: string): Promise<void> {
  const h1 = await textOf(page, 'main h1');
  if (h1 !== heading) {
    const problem = (await page.locator('.govuk-error-summary').count()) ? ` The page says: ${await textOf(page, '.govuk-error-summary')}` : '';
    throw new TourFailure(`expected the heading "${heading}", found "${h1}".${problem}`);
  }
}

/** Fails the step unless what `selector` names on the page says `text`. */
async function expectText(page: Page, selector: string, text: string): Promise<void> {
  const said = await textOf(page, selector);
  if (!said.includes(text)) throw new TourFailure(`expected ${selector} to say "${text}"; it says "${said.slice(0, 400)}"`);
}

const go = async (tour: Tour, page: Page, path: string) => {
  const answer = await page.goto(`${tour.engine.server.url}${path}`);
  if (!answer?.ok()) throw new TourFailure(`${path} answered ${answer?.status()}`);
};

/** `at` as the portal's call-a-meeting form takes it: the day and the time, in the zone the portal writes dates in. */
function dayAndTime(at: Date): { day: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: defaultTimeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

// --- the secretariat ---------------------------------------------------------------------------

async function secretariatSignsIn(tour: Tour): Promise<void> {
  const page = tour.as.secretariat;
  await signInAs(tour.engine, page, secretariat, '/secretariat');
  await expectHeading(page, 'Board business');
  await expectText(page, 'nav a[href="/secretariat"]', 'Secretariat');
  await shoot(page, 'secretariat-home');
}

async function secretariatHasPapersDueAtTheStart(tour: Tour): Promise<void> {
  const page = tour.as.secretariat;
  await page.getByRole('link', { name: 'Board policy' }).click();
  await expectHeading(page, 'Board policy');
  await page.getByRole('link', { name: 'Record a change to the product board’s policy' }).click();
  await expectHeading(page, 'Change the product board’s policy');
  await page.fill('#meetings-papersDeadlineDays', '0');
  await page.fill('#reference', 'The tour: papers due at the start of a meeting, so that one can sit today');
  await page.getByRole('button', { name: 'Record the change' }).click();
  await expectHeading(page, 'The policy is changed');
}

async function secretariatCallsAMeeting(tour: Tour): Promise<void> {
  const page = tour.as.secretariat;
  await go(tour, page, '/secretariat/meetings');
  await expectHeading(page, 'Meetings and agendas');
  await page.getByRole('link', { name: 'Call a meeting' }).click();
  await expectHeading(page, 'Call a meeting of the product board');
  // At least 40 s out, on the minute: time for the gate to be requested before it starts (it takes a few seconds).
  const { day, time } = dayAndTime(new Date(Math.ceil((Date.now() + 40_000) / 60_000) * 60_000));
  await page.fill('#day', day);
  await page.fill('#time', time);
  await page.getByRole('button', { name: 'Call the meeting' }).click();
  await expectHeading(page, 'The meeting is called');
}

async function secretariatRegistersAProduct(tour: Tour): Promise<void> {
  const page = tour.as.secretariat;
  await go(tour, page, '/secretariat');
  await page.getByRole('link', { name: 'Register a product' }).click();
  await expectHeading(page, 'Register a product');
  await page.fill('#name', PRODUCT.name);
  await page.fill('#id', PRODUCT.id);
  await page.fill('#description', PRODUCT.description);
  await page.getByRole('button', { name: 'Register the product' }).click();
  await expectHeading(page, 'The product is registered');
  await expectText(page, 'main', `${PRODUCT.name} (${PRODUCT.id}) is before the product board as proposed`);
}

async function secretariatRequestsAGate(tour: Tour): Promise<void> {
  const page = tour.as.secretariat;
  await page.getByRole('link', { name: 'Request its first gate' }).click();
  await expectHeading(page, 'Request a gate');
  const boxes = page.locator('textarea[id^="assessment-"]');
  if ((await boxes.count()) !== principles.length) throw new TourFailure(`expected a self-assessment box for each of the ${principles.length} principles in force, found ${await boxes.count()}`);
  await page.locator('input[name="gate"][value="prioritisation"]').check();
  await page.fill('#papers', PAPER);
  for (const p of principles) await page.fill(`#assessment-${p.id}`, assessments[p.id] ?? `How the product meets ${p.title}.`);
  await shoot(page, 'secretariat-gate', { fullPage: ['desktop'], at: 'main .govuk-caption-l' });
  await page.getByRole('button', { name: 'Request the gate' }).click();
  await expectHeading(page, 'The gate is requested');
  await expectText(page, 'main', 'at its meeting');
}

async function secretariatTriagesTheSubmission(tour: Tour): Promise<void> {
  const page = tour.as.secretariat;
  await go(tour, page, '/secretariat');
  await page.getByRole('link', { name: 'Submissions to triage' }).click();
  await expectHeading(page, 'Submissions to triage');
  await page.locator(`main a[href="/secretariat/triage/${tour.found.reference}"]`).click();
  await expectHeading(page, SUBMISSION.title);
  await page.locator('input[name="outcome"][value="declined"]').check();
  await page.fill('#reason', TRIAGE_REASON);
  await shoot(page, 'secretariat-triage', { fullPage: ['desktop'], at: 'main form' });
  await page.getByRole('button', { name: 'Send the answer' }).click();
  await expectHeading(page, 'The submission is declined');
}

async function secretariatRecordsAttendance(tour: Tour): Promise<void> {
  const page = tour.as.secretariat;
  // The meeting called at the start sits a minute or two after the tour began: the page lists it once it does.
  const sitting = page.locator('main a[href^="/secretariat/attendance/"]');
  const end = Date.now() + 4 * 60_000;
  for (;;) {
    await go(tour, page, '/secretariat/attendance');
    await expectHeading(page, 'Attendance');
    if (await sitting.count()) break;
    if (Date.now() > end) throw new TourFailure('no meeting was sitting four minutes after the tour called one');
    await page.waitForTimeout(3_000);
  }
  await sitting.first().click();
  await expectHeading(page, 'Attendance at the meeting of the product board');
  for (const m of board.roster.members.slice(0, 5)) await page.getByLabel(m.name).check();
  await shoot(page, 'secretariat-attendance', { at: 'main .govuk-caption-l' });
  await page.getByRole('button', { name: 'Record attendance' }).click();
  await expectHeading(page, 'Attendance is recorded');
  await expectText(page, 'main', member.name);
}

// --- a member ------------------------------------------------------------------------------------

async function memberSignsIn(tour: Tour): Promise<void> {
  const page = tour.as.member;
  await go(tour, page, '/sign-in?then=/me');
  await expectHeading(page, 'Sign in');
  await page.fill('#email', tour.engine.addressOf(member.id));
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expectHeading(page, 'Type the code we sent');
  await page.fill('#code', codeSentTo(tour.engine.smtp, tour.engine.addressOf(member.id)));
  await shoot(page, 'member-sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectHeading(page, 'What awaits you');
}

async function memberFindsTheVote(tour: Tour): Promise<void> {
  const page = tour.as.member;
  await expectText(page, 'h2:text-is("Votes waiting for you") + ul', `${PRODUCT.name}`);
  await shoot(page, 'member-home');
}

async function memberReadsThePapers(tour: Tour): Promise<void> {
  const page = tour.as.member;
  await page.locator('h2:text-is("Votes waiting for you") + ul a').filter({ hasText: PRODUCT.name }).click();
  await expectHeading(page, `${PRODUCT.name}: the prioritisation gate`);
  await expectText(page, 'main ul', PAPER);
  await expectText(page, 'main', assessments['good-data']!);
  await shoot(page, 'member-review', { at: 'main .govuk-caption-l' });
}

async function memberVotesWithAReason(tour: Tour): Promise<void> {
  const page = tour.as.member;
  await expectText(page, '#vote', 'Your vote');
  await page.getByRole('radio', { name: 'Approve', exact: true }).check();
  await page.fill('#reason', 'People lose money for want of knowing what they may claim; the team has shown its users shape it.');
  await shoot(page, 'member-vote', { at: 'form[action$="/vote"]' });
  await page.getByRole('button', { name: 'Send my vote' }).click();
  await expectHeading(page, 'Your vote is recorded');
}

async function memberChangesTheVote(tour: Tour): Promise<void> {
  const page = tour.as.member;
  await go(tour, page, '/me');
  await page.locator('h2:text-is("Votes you may still change") + ul a').filter({ hasText: PRODUCT.name }).click();
  await expectText(page, '#vote', 'Change your vote');
  await page.getByRole('radio', { name: 'Approve with conditions' }).check();
  await page.fill('#conditions', 'Show the date each amount was last checked.');
  await page.getByRole('button', { name: 'Change my vote' }).click();
  await expectHeading(page, 'Your vote is changed');
  await go(tour, page, '/me');
  await expectText(page, 'h2:text-is("Votes you may still change") + ul', PRODUCT.name);
}

// --- anyone --------------------------------------------------------------------------------------

async function anyoneReadsTheHomePage(tour: Tour): Promise<void> {
  const page = tour.as.anyone;
  await go(tour, page, '/');
  await expectHeading(page, 'How the boards decide');
  await expectText(page, 'main', 'Next meeting');
  await shoot(page, 'anyone-home');
}

async function anyoneSubmitsAnonymously(tour: Tour): Promise<void> {
  const page = tour.as.anyone;
  await page.getByRole('link', { name: 'Raise something with the initiative board' }).click();
  await expectHeading(page, 'Raise something with the initiative board');
  await expectText(page, 'main form', 'it is sent anonymously');
  await page.fill('#title', SUBMISSION.title);
  await page.fill('#text', SUBMISSION.text);
  await page.getByRole('button', { name: 'Send it' }).click();
  await expectHeading(page, 'Your submission is sent');
  tour.found.reference = await textOf(page, '.govuk-panel__body strong');
  if (!tour.found.reference) throw new TourFailure('the confirmation gave no reference');
  await shoot(page, 'anyone-submitted');
}

async function anyoneFollowsItToTheAnswer(tour: Tour): Promise<void> {
  const page = tour.as.anyone;
  await go(tour, page, '/');
  await page.getByRole('link', { name: 'Follow something you raised' }).click();
  await expectHeading(page, 'Follow a submission');
  await page.fill('#reference', tour.found.reference!);
  await page.getByRole('button', { name: 'Find it' }).click();
  await expectText(page, 'main', TRIAGE_REASON);
  await expectText(page, 'main .govuk-summary-list', 'Where it stands declined');
  await shoot(page, 'anyone-follow', { fullPage: ['desktop'], at: 'main h2' });
}

async function anyoneReadsTheDecision(tour: Tour): Promise<void> {
  const page = tour.as.anyone;
  await page.getByRole('link', { name: 'The answer in the register' }).click();
  await expectText(page, 'main h1', SUBMISSION.title);
  await expectText(page, 'main', TRIAGE_REASON);
  await shoot(page, 'anyone-decision');
}

async function anyoneReadsTheRegister(tour: Tour): Promise<void> {
  const page = tour.as.anyone;
  await go(tour, page, '/');
  await page.getByRole('link', { name: 'Read the decisions' }).click();
  await expectHeading(page, 'Decisions');
  await expectText(page, 'main', SUBMISSION.title);
  await shoot(page, 'anyone-register');
}

async function anyoneSubscribes(tour: Tour): Promise<void> {
  const page = tour.as.anyone;
  const address = 'zoe@example.org';
  await page.getByRole('link', { name: 'Be told of decisions by email' }).click();
  await expectHeading(page, 'Be told of the boards’ decisions');
  await signInWithAddress(tour.engine, page, address);
  await expectHeading(page, 'What we send you');
  const initiative = page.locator('form[action$="/initiative-board"]');
  await initiative.getByRole('radio', { name: 'I have signed up to its shared values, and want its news' }).check();
  await initiative.getByRole('radio', { name: 'One email a week, with everything of that week' }).check();
  await shoot(page, 'anyone-subscribe', { at: 'h2#initiative-board' });
  await initiative.getByRole('button').click();
  await expectHeading(page, 'Your choices are saved');
  await expectText(page, 'main', 'one email a week');
}

/** In the order they run: a later step may need what an earlier one did (the triage needs a submission). */
const steps: readonly Step[] = [
  { walkthrough: 'secretariat', does: 'signs in with the code from the mail', run: secretariatSignsIn },
  { walkthrough: 'secretariat', does: 'changes the policy: papers due at the start of a meeting', run: secretariatHasPapersDueAtTheStart },
  { walkthrough: 'secretariat', does: 'calls a meeting a minute or two ahead', run: secretariatCallsAMeeting },
  { walkthrough: 'secretariat', does: 'registers a product', run: secretariatRegistersAProduct },
  { walkthrough: 'secretariat', does: 'requests its gate with papers and a self-assessment of each principle', run: secretariatRequestsAGate },
  { walkthrough: 'anyone', does: 'reads the home page', run: anyoneReadsTheHomePage },
  { walkthrough: 'anyone', does: 'raises something with the initiative board, anonymously', run: anyoneSubmitsAnonymously },
  { walkthrough: 'secretariat', does: 'triages the submission with a published reason', run: secretariatTriagesTheSubmission },
  { walkthrough: 'anyone', does: 'follows it by its reference to the answer', run: anyoneFollowsItToTheAnswer },
  { walkthrough: 'anyone', does: "reads the answer's page in the register", run: anyoneReadsTheDecision },
  { walkthrough: 'anyone', does: 'reads the register', run: anyoneReadsTheRegister },
  { walkthrough: 'anyone', does: "subscribes to the initiative board's decisions, a digest each week", run: anyoneSubscribes },
  { walkthrough: 'member', does: 'signs in with the code from the mail', run: memberSignsIn },
  { walkthrough: 'member', does: 'finds the vote waiting on their home page', run: memberFindsTheVote },
  { walkthrough: 'member', does: "reads the review's papers and self-assessment", run: memberReadsThePapers },
  { walkthrough: 'member', does: 'votes with a reason', run: memberVotesWithAReason },
  { walkthrough: 'member', does: 'changes the vote', run: memberChangesTheVote },
  { walkthrough: 'secretariat', does: 'records attendance at the meeting sitting now', run: secretariatRecordsAttendance },
];

const began = performance.now();
const say = (line: string) => console.log(`[${((performance.now() - began) / 1000).toFixed(1).padStart(5)} s] ${line}`);

let engine: PortalEngine | undefined;
let browser: Browser | undefined;
let stopping: Promise<void> | undefined;
/** Stops the browser and every server the tour started; safe to call twice. */
const stopAll = () =>
  (stopping ??= (async () => {
    await browser?.close().catch(() => undefined);
    await engine?.stop().catch((err: unknown) => console.error(`Stopping the engine: ${String(err)}`));
    await stopTestPostgres().catch((err: unknown) => console.error(`Stopping PostgreSQL: ${String(err)}`));
    rmSync(shotDir, { recursive: true, force: true });
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers`);
    void stopAll().finally(() => process.exit(130));
  });

let failed = false;
try {
  say('starting the engine (Temporal dev server and worker, PostgreSQL, SMTP, the HTTP server) and Chromium');
  [engine, browser] = await Promise.all([startPortalEngine(), launchChromium()]);
  // As npm start does: the members greeted by the names the board files give them.
  await recordRosterNames(engine.store.db);
  const contexts = await Promise.all((['secretariat', 'member', 'anyone'] as const).map(async (w) => [w, await (await personIn(browser!, { viewport: sizes.desktop, locale: 'en-GB', timezoneId: defaultTimeZone })).newPage()] as const));
  const tour: Tour = { engine, as: Object.fromEntries(contexts) as Record<Walkthrough, Page>, found: {} };
  say(`the portal is at ${engine.server.url}`);
  for (const [i, step] of steps.entries()) {
    const page = tour.as[step.walkthrough];
    try {
      await step.run(tour);
    } catch (err) {
      const picture = join(tmpdir(), `portal-tour-failed-step-${i + 1}.png`);
      await page.screenshot({ path: picture, fullPage: true }).catch(() => undefined);
      throw new TourFailure(`Step ${i + 1} (${step.walkthrough}: ${step.does}) did not reach the page it expects, at ${page.url()}: ${(err as Error).message}\nThe page as it stood: ${picture}`);
    }
    say(`${String(i + 1).padStart(2)}. ${step.walkthrough}: ${step.does}`);
  }
  mkdirSync(outDir, { recursive: true });
  for (const old of readdirSync(outDir).filter((f) => f.endsWith('.png'))) rmSync(join(outDir, old));
  const written = readdirSync(shotDir).filter((f) => f.endsWith('.png')).sort();
  for (const file of written) copyFileSync(join(shotDir, file), join(outDir, file));
  const bytes = written.reduce((sum, f) => sum + statSync(join(outDir, f)).size, 0);
  say(`every step reached its page; ${written.length} screenshots in docs/portal (${(bytes / 1024).toFixed(0)} KiB)`);
} catch (err) {
  failed = true;
  console.error(`\nThe tour failed. ${err instanceof Error ? err.message : String(err)}`);
} finally {
  say('stopping the servers');
  await stopAll();
}
// Pools and timers of the harness may keep the loop alive after every server stopped.
process.exit(failed ? 1 : 0);
