/**
 * GOV.UK components drawn once for each set of parameters and kept: the layout's skip link, header
 * and menu, and the register's filters, are the same few variants on thousands of pages, and each
 * call of a govuk-frontend macro costs tenths of a millisecond (it includes its template, which
 * imports its helpers, on every call). A template writes `{{ kept("select", { ... }) }}` where it
 * would write `{{ govukSelect({ ... }) }}`: the HTML is the macro's own, escaped by it.
 *
 * Only for parameters that are the same for everyone who sees them (the menu, a public page's
 * filters): never a form with what a person typed, which would keep it in memory.
 */
import nunjucks from 'nunjucks';

/** How many variants are kept (the register's filters take any date typed): emptied when full. */
const keptMax = 2_000;

/** `govukServiceNavigation` for "service-navigation". */
const macroOf = (component: string) => `govuk${component.replace(/(^|-)([a-z])/g, (_m, _dash, letter: string) => letter.toUpperCase())}`;

/** Adds the global `kept(component, params)` to `env`. */
export function keepComponents(env: nunjucks.Environment): void {
  const templates = new Map<string, nunjucks.Template>();
  const drawn = new Map<string, nunjucks.runtime.SafeString>();
  env.addGlobal('kept', (component: string, params: unknown) => {
    const key = `${component} ${JSON.stringify(params)}`;
    const known = drawn.get(key);
    if (known) return known;
    if (!/^[a-z-]+$/.test(component)) throw new Error(`No GOV.UK component is called ${component}`);
    let template = templates.get(component);
    if (!template) {
      template = nunjucks.compile(`{% from "govuk/components/${component}/macro.njk" import ${macroOf(component)} %}{{ ${macroOf(component)}(params) }}`, env);
      templates.set(component, template);
    }
    const html = new nunjucks.runtime.SafeString(template.render({ params }));
    if (drawn.size >= keptMax) drawn.clear();
    drawn.set(key, html);
    return html;
  });
}
