/**
 * Keeps generated Jinja readable: lines longer than the limit are wrapped where wrapping cannot change what dbt
 * runs, as a person would write them.
 *   - Inside a Jinja comment (`{# … #}`), at a space: comment text is free.
 *   - Inside a string literal within a Jinja tag (`{{ … }}`, `{% … %}`), at a space: the literal becomes a
 *     parenthesised concatenation, `('first part ' ~\n 'second part')`, equal to the original string in any
 *     expression (the parentheses keep filters, tests and operators applying to the whole string).
 * Text outside tags (SQL in `{% call %}` or `{% set %}` blocks) is left as it is. Pure: a formatter, no decisions.
 */

type State = { tag: 'none' | 'expr' | 'comment'; quote: '' | "'" | '"' };

/** A string cut leaves at least this much of the literal on each side (no `(", " ~` fragments). */
const MIN_PART = 12;

interface Cut {
  /** Index in the line after which to break (the space is kept on the first line). */
  readonly at: number;
  readonly kind: 'comment' | 'string' | 'expr' | 'sql';
  readonly quote: '' | "'" | '"';
}

/** Where a line may be broken without changing its meaning, scanning from a state carried over from earlier lines. */
function cuts(line: string, start: State): { cuts: Cut[]; end: State } {
  const out: Cut[] = [];
  let { tag, quote } = start;
  // where the literal being scanned opened on this line (-1: it opened on an earlier line, and is never cut)
  let opened = -1;
  // SQL text outside tags: inside a '...' string or a "..." identifier (never cut there)
  let sqlQuote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    const two = line.slice(i, i + 2);
    if (tag === 'none') {
      if (two === '{{' || two === '{%') {
        tag = 'expr';
        i++;
      } else if (two === '{#') {
        tag = 'comment';
        i++;
      } else if (sqlQuote !== '') {
        if (c === sqlQuote) sqlQuote = '';
      } else if (c === "'" || c === '"') {
        sqlQuote = c;
      } else if (c === ' ' && i > 0 && line[i - 1] !== ' ' && line.slice(0, i).trim() !== '') {
        // SQL between tokens: a newline is whitespace like the space it replaces
        out.push({ at: i, kind: 'sql', quote: '' });
      }
      continue;
    }
    if (tag === 'comment') {
      if (two === '#}') {
        tag = 'none';
        i++;
      } else if (c === ' ' && i > 0 && line[i - 1] !== ' ') out.push({ at: i, kind: 'comment', quote: '' });
      continue;
    }
    // inside {{ … }} or {% … %}
    if (quote !== '') {
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === quote) {
        // cuts inside this literal need MIN_PART characters of it after them too
        const closed = i;
        for (let k = out.length - 1; k >= 0; k--) {
          const cut = out[k];
          if (cut === undefined || cut.kind !== 'string' || cut.at < opened) break;
          if (closed - cut.at < MIN_PART) out.splice(k, 1);
        }
        quote = '';
      } else if ((c === ' ' || (c === '|' && line[i - 1] !== '\\')) && opened >= 0 && i - opened >= MIN_PART && line[i - 1] !== ' ')
        out.push({ at: i, kind: 'string', quote });
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      opened = i;
    } else if (c === ' ' && line[i - 1] !== ' ' && line[i - 1] !== '{' && line[i + 1] !== '}' && line[i + 1] !== '%' && line[i - 1] !== '%') {
      // between two tokens of a tag: a newline there is whitespace like the space it replaces
      out.push({ at: i, kind: 'expr', quote: '' });
    } else if (two === '}}' || two === '%}') {
      tag = 'none';
      i++;
    }
  }
  return { cuts: out, end: { tag, quote } };
}

/** The literal that contains position `at`: its opening quote's index (for the parenthesis). */
function literalStart(line: string, at: number, quote: string): number {
  for (let i = at; i >= 0; i--) {
    if (line[i] === quote && line[i - 1] !== '\\') return i;
  }
  return -1;
}

/**
 * Wraps one line. `grouped`: the line is a continuation whose first literal is already the tail of a
 * parenthesised concatenation, so splitting that literal again needs no second parenthesis.
 */
function wrapLine(line: string, limit: number, state: State, grouped = false): string[] {
  if (line.length <= limit) return [line];
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const cont = grouped ? indent : `${indent}    `;
  const fits = cuts(line, state).cuts.filter((c) => c.at + (c.kind === 'string' ? 5 : 1) <= limit && c.at > indent.length + 8);
  // prefer a break between tokens (nothing changes but whitespace) unless it leaves the first line much shorter
  const lastExpr = fits.filter((c) => c.kind !== 'string').at(-1);
  const last = fits.at(-1);
  const cut = lastExpr !== undefined && lastExpr.at >= limit * 0.6 ? lastExpr : last;
  if (cut === undefined) return [line];
  if (cut.kind !== 'string') {
    const rest = `${cont}${line.slice(cut.at + 1)}`;
    const next: State = cut.kind === 'comment' ? { tag: 'comment', quote: '' } : cut.kind === 'sql' ? { tag: 'none', quote: '' } : { tag: 'expr', quote: '' };
    return [line.slice(0, cut.at), ...wrapLine(rest, limit, next)];
  }
  const open = literalStart(line, cut.at, cut.quote);
  const inGroup = grouped && open === indent.length;
  const head = inGroup ? line.slice(0, cut.at + 1) : `${line.slice(0, open)}(${line.slice(open, cut.at + 1)}`;
  const remainder = line.slice(cut.at + 1);
  const close = closingQuote(remainder, cut.quote);
  // the closing parenthesis follows the literal's end (already there when the literal was grouped before)
  const tail = inGroup ? remainder : `${remainder.slice(0, close + 1)})${remainder.slice(close + 1)}`;
  return [`${head}${cut.quote} ~`, ...wrapLine(`${cont}${cut.quote}${tail}`, limit, { tag: 'expr', quote: '' }, true)];
}

/** Index of the quote that closes a literal in `text` (which starts inside it), or the end. */
function closingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return text.length - 1;
}

/** Wraps every line over `limit` characters that can be wrapped safely; the first line (the header) is kept. */
export function wrapJinja(text: string, limit = 150): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let state: State = { tag: 'none', quote: '' };
  lines.forEach((line, i) => {
    if (i === 0) {
      out.push(line);
      state = cuts(line, state).end;
      return;
    }
    out.push(...wrapLine(line, limit, state));
    state = cuts(line, state).end;
  });
  return out.join('\n');
}
