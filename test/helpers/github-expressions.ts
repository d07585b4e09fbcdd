/**
 * GitHub Actions expressions (`${{ … }}` and `if:` conditions), as far as world's example
 * workflow uses them: literals, context paths (`needs.plan.outputs.targets`,
 * `strategy.job-index`), `!`, `==`, `!=`, `&&`, `||`, parentheses and the status functions.
 * `&&` and `||` give an operand, as in GitHub; `==` compares loosely, numbers with numbers.
 * Anything else is an error, so a workflow using more than this fails its test loudly.
 */
export type Value = string | number | boolean | null | { [k: string]: Value } | Value[];

export interface Status {
  /** Whether everything before (the steps, or the jobs needed) succeeded; failed. */
  success: boolean;
  failure: boolean;
}

type Token = { kind: 'op'; text: string } | { kind: 'literal'; value: Value } | { kind: 'name'; text: string };

const tokenize = (src: string): Token[] => {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const op = /^(==|!=|&&|\|\||!|\(|\)|\.|,)/.exec(rest);
    const str = /^'((?:[^']|'')*)'/.exec(rest);
    const num = /^-?\d+(\.\d+)?/.exec(rest);
    const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (str) out.push({ kind: 'literal', value: str[1]!.replace(/''/g, "'") }), (i += str[0].length);
    else if (op) out.push({ kind: 'op', text: op[0] }), (i += op[0].length);
    else if (num) out.push({ kind: 'literal', value: Number(num[0]) }), (i += num[0].length);
    else if (name) {
      const literal = ({ true: true, false: false, null: null } as Record<string, Value>)[name[0]];
      out.push(literal === undefined ? { kind: 'name', text: name[0] } : { kind: 'literal', value: literal });
      i += name[0].length;
    } else throw new Error(`expression ${JSON.stringify(src)}: cannot read ${JSON.stringify(rest)}`);
  }
  return out;
};

export const truthy = (v: Value): boolean => !(v === false || v === null || v === 0 || v === '' || (typeof v === 'number' && Number.isNaN(v)));

const looseEqual = (a: Value, b: Value): boolean => {
  if (typeof a === typeof b) return a === b;
  const num = (v: Value) => (v === null ? 0 : typeof v === 'boolean' ? Number(v) : typeof v === 'string' ? (v.trim() === '' ? 0 : Number(v)) : NaN);
  return num(a) === num(b);
};

/** Evaluates one expression (without `${{ }}`) against the contexts. */
export const evaluate = (src: string, contexts: Record<string, Value>, status: Status): Value => {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (text: string) => tokens[pos]?.kind === 'op' && (tokens[pos] as { text: string }).text === text;
  const expect = (text: string) => {
    if (!peek(text)) throw new Error(`expression ${JSON.stringify(src)}: expected ${text}`);
    pos++;
  };
  const primary = (): Value => {
    const t = tokens[pos++];
    if (!t) throw new Error(`expression ${JSON.stringify(src)}: ends too early`);
    if (t.kind === 'literal') return t.value;
    if (t.kind === 'op' && t.text === '(') {
      const v = or();
      expect(')');
      return v;
    }
    if (t.kind === 'op' && t.text === '!') return !truthy(primary());
    if (t.kind !== 'name') throw new Error(`expression ${JSON.stringify(src)}: unexpected ${t.text}`);
    if (peek('(')) {
      pos++;
      expect(')');
      const fn = { always: true, success: status.success, failure: status.failure, cancelled: false }[t.text];
      if (fn === undefined) throw new Error(`expression ${JSON.stringify(src)}: the function ${t.text}() is not emulated`);
      return fn;
    }
    if (!(t.text in contexts)) throw new Error(`expression ${JSON.stringify(src)}: the context ${t.text} is not emulated`);
    let v: Value = contexts[t.text]!;
    while (peek('.')) {
      pos++;
      const key = tokens[pos++];
      if (key?.kind !== 'name') throw new Error(`expression ${JSON.stringify(src)}: a property name must follow "."`);
      v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v[key.text] ?? null) : null;
    }
    return v;
  };
  const comparison = (): Value => {
    let v = primary();
    while (peek('==') || peek('!=')) {
      const negate = (tokens[pos++] as { text: string }).text === '!=';
      v = looseEqual(v, primary()) !== negate;
    }
    return v;
  };
  /** A left-associative level of `op`: GitHub's `&&` and `||` give one of their operands. */
  const level = (op: string, next: () => Value, pick: (left: Value, right: Value) => Value) => (): Value => {
    let v = next();
    while (peek(op)) {
      pos++;
      v = pick(v, next());
    }
    return v;
  };
  const and = level('&&', comparison, (l, r) => (truthy(l) ? r : l));
  const or: () => Value = level('||', and, (l, r) => (truthy(l) ? l : r));
  const v = or();
  if (pos !== tokens.length) throw new Error(`expression ${JSON.stringify(src)}: unexpected text after the expression`);
  return v;
};

const asText = (v: Value): string => (v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** A string with each `${{ … }}` replaced by its value. */
export const interpolate = (text: string, contexts: Record<string, Value>, status: Status): string =>
  text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => asText(evaluate(expr, contexts, status)));

/** An `if:`: with no status function, GitHub reads it as `success() && (…)`. */
export const condition = (text: string | undefined, contexts: Record<string, Value>, status: Status): boolean => {
  const expr = (text ?? 'success()').trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const withStatus = /\b(always|success|failure|cancelled)\(\)/.test(expr) ? expr : `success() && (${expr})`;
  return truthy(evaluate(withStatus, contexts, status));
};
