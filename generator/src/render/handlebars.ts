import Handlebars from 'handlebars';
import { jinjaDict, jinjaList, jinjaLiteral } from '../jinja.ts';

/**
 * The one Handlebars environment for code templates. Jinja's `{{ … }}` is written `\{{ … }}` in
 * templates (docs/decisions/0001-handlebars-jinja-escaping.md); `{% … %}` and `{# … #}` are plain
 * text to Handlebars. Helpers only format values: every decision is made in the model.
 */
const helpers = {
  /** `['a', 'b']` as a Jinja list of string literals. */
  jinjaList: (values: readonly string[]) => jinjaList(values),
  /** A Jinja string literal. */
  jinjaString: (value: string) => jinjaLiteral(value),
  /** `{'s': 1, 'm': 60}`, `{'INCREMENTAL': 'DIFFERENTIAL'}`: a record as a Jinja dict literal. */
  jinjaDict: (value: Readonly<Record<string, string | number>>) => jinjaDict(value),
  /** Whether a string ends with a suffix. */
  endsWith: (value: string, suffix: unknown) => typeof suffix === 'string' && value.endsWith(suffix),
  /** Joins values with a separator. */
  join: (values: readonly (string | number)[], sep: unknown) => values.join(typeof sep === 'string' ? sep : ', '),
  /** Text safe inside a Markdown table cell. */
  cell: (value: string) => value.replace(/\|/g, '\\|').replace(/\n/g, ' '),
  /** Inline code in Markdown. */
  code: (value: string) => `\`${value}\``,
} as const;

export type TemplateContext = Record<string, unknown>;

export interface TemplateEngine {
  render(name: string, context: TemplateContext): string;
}

export function createEngine(templates: Readonly<Record<string, string>>, origins: Readonly<Record<string, string>> = {}): TemplateEngine {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  const options: CompileOptions = {
    noEscape: true,
    strict: true,
    knownHelpers: Object.fromEntries(Object.keys(helpers).map((h) => [h, true])),
    knownHelpersOnly: true,
    preventIndent: true,
  };
  for (const [name, source] of Object.entries(templates)) {
    if (name.startsWith('partials/')) hb.registerPartial(name.slice('partials/'.length).replace(/\.hbs$/, ''), hb.compile(source, options));
  }
  const cache = new Map<string, Handlebars.TemplateDelegate>();
  return {
    render(name, context) {
      let tpl = cache.get(name);
      if (tpl === undefined) {
        const source = templates[name];
        if (source === undefined) throw new Error(`template not found: ${origins[name] ?? `generator/templates/${name}`}`);
        tpl = hb.compile(source, options);
        cache.set(name, tpl);
      }
      try {
        return tpl(context);
      } catch (e) {
        throw new Error(`rendering ${origins[name] ?? `generator/templates/${name}`}: ${(e as Error).message}`);
      }
    },
  };
}
