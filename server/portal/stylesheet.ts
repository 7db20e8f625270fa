/**
 * The portal's one stylesheet, compiled from style.scss with Dart Sass (the reference implementation,
 * pure JS) so the components' settings can be changed (the typeface: see style.scss). Compiling takes
 * seconds, so the result is kept in the data folder under a name made of its inputs' hash: it is
 * compiled once per change of the sources or of govuk-frontend, not once per start.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { compile } from 'sass';
import { dataDir } from '../../client/settings';

/** This module's folder. */
const here = dirname(fileURLToPath(import.meta.url));

const source = join(here, 'style.scss');
const require = createRequire(import.meta.url);
/** The folder that holds node_modules/govuk-frontend, for Sass's load path. */
const modules = dirname(dirname(require.resolve('govuk-frontend/package.json')));

export interface Stylesheet {
  readonly css: string;
  /** Its hash, in its address, so a browser may keep it for good. */
  readonly hash: string;
}

let compiled: Stylesheet | undefined;

/** The compiled stylesheet (compiled at most once per process, and once per change of its sources on this machine). */
export function portalStylesheet(): Stylesheet {
  if (compiled) return compiled;
  const version = (JSON.parse(readFileSync(join(modules, 'govuk-frontend', 'package.json'), 'utf8')) as { version: string }).version;
  const inputs = createHash('sha256').update(readFileSync(source)).update(version).digest('hex').slice(0, 16);
  const file = join(dataDir(), 'portal', `style-${inputs}.css`);
  let css: string;
  try {
    css = readFileSync(file, 'utf8');
  } catch {
    css = compile(source, { loadPaths: [modules], style: 'compressed', quietDeps: true, silenceDeprecations: ['import'] }).css;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, css);
  }
  compiled = { css, hash: createHash('sha256').update(css).digest('hex').slice(0, 16) };
  return compiled;
}
