#!/usr/bin/env node
// First-run setup for `npm start` and `npm test`: npm dependencies, the Temporal CLI
// (the dev server, built from its Go module), Temporal's Java time-skipping test
// server (from Maven Central) and, for the portal's browser tests, Debian's Chromium. Everything lands in git-ignored folders and is reused;
// a warm run only checks a marker file. Plain Node, no dependencies: it runs before the npm install.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPORAL_CLI_VERSION = 'v1.5.1'; // the newest release `go install` accepts (later ones use `replace`)
const TEST_SERVER_VERSION = '1.38.0'; // keep in step with scripts/test-server/pom.xml
const MIN_GO = [1, 25];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
const markerFile = join(toolsDir, 'tools.json');
const started = Date.now();

class SetupError extends Error {}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw new SetupError(`Could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new SetupError(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
  return result;
}

function output(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? `${result.stdout}${result.stderr}`.trim() : undefined;
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 3))
    throw new SetupError(`Node ${process.versions.node} is too old: the Temporal SDK needs Node 20.3 or newer (https://nodejs.org).`);
}

/**
 * Installs from the lock file when the installed tree is missing or older than it. `npm install`
 * rather than `npm ci`: some registries lack a few optional platform packages (swc's, for other
 * operating systems), which leaves them out of the lock file, and `npm ci` then refuses to run.
 */
function installDependencies() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
  if (!stale) return;
  console.log('Installing npm dependencies (first run)...');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(markerFile, 'utf8'));
  } catch {
    return {};
  }
}

/** A `temporal` on PATH wins; otherwise build the pinned CLI from its Go module. */
function temporalCli(marker) {
  const fromPath = onPath('temporal');
  if (fromPath) return { path: fromPath, version: output(fromPath, ['--version']) ?? 'from PATH' };
  const built = join(toolsDir, 'bin', 'temporal');
  if (marker.temporalCliVersion === TEMPORAL_CLI_VERSION && existsSync(built)) return { path: built, version: TEMPORAL_CLI_VERSION };

  const goVersion = output('go', ['version']);
  if (!goVersion)
    throw new SetupError(
      `Go is needed to build the Temporal CLI (${TEMPORAL_CLI_VERSION}) and was not found. Install Go ${MIN_GO.join('.')} or newer ` +
        `(https://go.dev/dl), or put a "temporal" binary on PATH.`,
    );
  const [, major, minor] = /go(\d+)\.(\d+)/.exec(goVersion) ?? [];
  if (Number(major) < MIN_GO[0] || (Number(major) === MIN_GO[0] && Number(minor) < MIN_GO[1]))
    throw new SetupError(`${goVersion} is too old: the Temporal CLI needs Go ${MIN_GO.join('.')} or newer (https://go.dev/dl).`);

  console.log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${goVersion.split(' ')[2]} (first run only; a few minutes)...`);
  mkdirSync(dirname(built), { recursive: true });
  run('go', ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: dirname(built), CGO_ENABLED: '0' },
  });
  return { path: built, version: TEMPORAL_CLI_VERSION };
}

/** The Java test server's jars from Maven Central, and a launcher the SDK can start as an existing path. */
function testServer(marker) {
  const home = join(toolsDir, 'temporal-test-server');
  const lib = join(home, 'lib');
  const launcher = join(home, 'launch');
  const present = existsSync(launcher) && existsSync(lib) && readdirSync(lib).some((f) => f.startsWith('temporal-test-server-'));
  if (marker.testServerVersion === TEST_SERVER_VERSION && present) return { path: launcher, version: TEST_SERVER_VERSION };

  if (!output('java', ['-version']))
    throw new SetupError('Java (17 or newer) is needed for the time-skipping test server and was not found: apt-get install openjdk-17-jre-headless.');
  if (!output('mvn', ['-v']))
    throw new SetupError('Maven is needed to fetch the time-skipping test server from Maven Central and was not found: apt-get install maven.');

  console.log(`Fetching Temporal's time-skipping test server ${TEST_SERVER_VERSION} from Maven Central (first run only)...`);
  rmSync(lib, { recursive: true, force: true });
  run('mvn', [
    '-q', '-B',
    '-f', join(root, 'scripts', 'test-server', 'pom.xml'),
    `-Dtemporal.test-server.version=${TEST_SERVER_VERSION}`,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${lib}`,
    '-DincludeScope=runtime',
  ]);
  // The jar has no Class-Path manifest, so the launcher puts every dependency on the class path.
  // The SDK starts it as `<launcher> <port> [--enable-time-skipping]` and waits ~5 s for the port.
  writeFileSync(launcher, `#!/bin/sh\nexec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp '${lib}/*' io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(launcher, 0o755);
  return { path: launcher, version: TEST_SERVER_VERSION };
}

/**
 * The portal's tests drive a real Chromium through playwright-core. Playwright's own browser download
 * cannot work here (its CDN is out of reach), so it is Debian's package: installed with apt-get where
 * missing and we may (root), otherwise a sentence saying what to run. CHROMIUM_PATH names another.
 */
function chromium() {
  const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(wanted)) return wanted;
  if (process.env.CHROMIUM_PATH) throw new SetupError(`CHROMIUM_PATH is ${wanted}, and there is no browser there: point it at a Chromium, or unset it to use Debian's.`);
  if (process.getuid?.() !== 0 || !onPath('apt-get'))
    throw new SetupError('The portal\'s tests need Chromium, which is not installed: run "sudo apt-get install chromium" (Debian and Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.');
  console.log("Installing Debian's chromium package for the portal's browser tests (first run only)...");
  const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  const install = ['install', '-y', '--no-install-recommends', 'chromium'];
  // A machine whose package lists are old or absent learns of the package first.
  if (!apt(install) && !(apt(['update']) && apt(install))) throw new SetupError('apt-get could not install chromium (see above): install it yourself, or set CHROMIUM_PATH to a Chromium or Chrome binary.');
  if (!existsSync(wanted)) throw new SetupError(`apt-get installed chromium, but there is no ${wanted}: set CHROMIUM_PATH to where it is.`);
  return wanted;
}

try {
  checkNode();
  installDependencies();
  mkdirSync(toolsDir, { recursive: true });
  const marker = readMarker();
  const cli = temporalCli(marker);
  const server = testServer(marker);
  const browser = chromium();
  const tools = {
    temporalCli: cli.path,
    temporalCliVersion: cli.version,
    testServerLauncher: server.path,
    testServerVersion: server.version,
  };
  // Written last, so an interrupted build is redone next time.
  if (JSON.stringify(tools) !== JSON.stringify(marker)) writeFileSync(markerFile, JSON.stringify(tools, null, 2) + '\n');
  console.log(`Tools ready: temporal CLI ${cli.path} · test server ${server.path} · Chromium ${browser} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (err) {
  console.error(`Setup failed: ${err instanceof SetupError ? err.message : err?.stack ?? err}`);
  process.exit(1);
}
