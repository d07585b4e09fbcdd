/**
 * Path globs as world.yaml writes them: `*` and `?` stay within a path segment, `**` spans
 * segments, `{a,b}` alternates. A pattern naming a directory (`areas/**`, or a bare `tools`)
 * also matches everything below it, like gitignore and Bazel's package patterns. Everything
 * else is literal; `?` is one character (a code point, not a UTF-16 unit or a byte).
 *
 * Matching never backtracks. A pattern compiles to a small program — Thompson's construction
 * of its nondeterministic automaton — and the path is read once, left to right, keeping the
 * set of instructions the text read so far can have reached (the technique of RE2; see Russ
 * Cox, "Regular Expression Matching Can Be Simple And Fast"). A backtracking regex engine
 * needs time exponential in the number of stars for `*a*a*a*a*a*a*a*a*a*a*a*a*a*b` against a
 * long name; this needs one pass.
 *
 * Complexity, for a pattern of m characters and a path of n characters:
 * - the program has at most m + 1 instructions: one per literal, `?`, `*` or `**`; three for
 *   the three characters of `**` followed by `/`; one fork per `{` and one jump per `,` or
 *   `}` of a group;
 *   one final `match`;
 * - it has at most 2(m + 1) ε-edges: a fork has one per alternative (commas + 1), a jump and a
 *   star have one each;
 * - the set of reached instructions is a set (a visit stamp per instruction), so advancing it
 *   over one character visits each instruction and each ε-edge at most once: O(m);
 * - hence a match costs O(n·m) time and O(m) memory for every pattern and path, with no
 *   recursion over the path. Config patterns are limited to MAX_GLOB_LENGTH characters.
 *
 * Steps are remembered per set (a lazily built DFA, as RE2 does): every character that is
 * neither `/` nor a literal of the pattern moves a set alike, so a set's steps are indexed by
 * those few letters, and a path over sets already met costs a lookup per character. At most
 * MAX_REMEMBERED_SETS sets are remembered — a DFA can be exponentially larger than its
 * automaton — past which steps are computed as above. Remembering changes no answer.
 *
 * modules/world/sources.nix builds the same program and runs the same simulation in Nix (a
 * target's `sources`); test/integration/glob-agreement.test.ts holds the two together.
 */

/** Config patterns longer than this are refused (sources.nix refuses them too). */
export const MAX_GLOB_LENGTH = 1024;

const SLASH = 0x2f;

type Token =
  | { kind: 'char'; c: number }
  | { kind: 'one' }
  | { kind: 'star' }
  | { kind: 'any' }
  | { kind: 'anyDirs' }
  | { kind: 'group'; alternatives: Token[][] };

type Instr =
  /** Consumes the character c. */
  | { op: 'char'; c: number }
  /** `?`: consumes one character other than `/`. */
  | { op: 'one' }
  /** `*` (not `/`) and `**` (anything): consume a character and stay, or move on (ε). */
  | { op: 'star' | 'any' }
  | { op: 'fork'; to: number[] }
  | { op: 'jump'; to: number }
  | { op: 'match' };

const codePoints = (s: string): number[] => Array.from(s, (ch) => ch.codePointAt(0)!);

/** `./src/` → `src`: a leading `./` and trailing slashes are not part of the pattern. */
const trimGlob = (glob: string): string => glob.replace(/^\.\//, '').replace(/\/+$/, '');

/** A group `{…}` runs to the first `}` after it; without one, `{` is literal. Groups do not nest. */
const tokenize = (cs: readonly number[]): Token[] => {
  // The first `}` at or after each index, found in one backward pass (not a search per `{`).
  const close = new Int32Array(cs.length + 1).fill(-1);
  for (let i = cs.length - 1; i >= 0; i--) close[i] = cs[i] === 0x7d /* } */ ? i : close[i + 1]!;
  const tokens: Token[] = [];
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c === 0x2a /* * */) {
      if (cs[i + 1] === 0x2a) {
        const dirs = cs[i + 2] === SLASH;
        tokens.push({ kind: dirs ? 'anyDirs' : 'any' });
        i += dirs ? 2 : 1;
      } else tokens.push({ kind: 'star' });
    } else if (c === 0x3f /* ? */) tokens.push({ kind: 'one' });
    else if (c === 0x7b /* { */ && close[i]! >= 0) {
      const end = close[i]!;
      const alternatives: Token[][] = [];
      let from = i + 1;
      for (let j = i + 1; j <= end; j++) {
        if (j === end || cs[j] === 0x2c /* , */) {
          alternatives.push(tokenize(cs.slice(from, j)));
          from = j + 1;
        }
      }
      tokens.push({ kind: 'group', alternatives });
      i = end;
    } else tokens.push({ kind: 'char', c });
  }
  return tokens;
};

const emit = (tokens: readonly Token[], code: Instr[]): void => {
  for (const t of tokens) {
    if (t.kind === 'char') code.push({ op: 'char', c: t.c });
    else if (t.kind === 'one' || t.kind === 'star' || t.kind === 'any') code.push({ op: t.kind });
    else if (t.kind === 'anyDirs') {
      // `**` and `/`: nothing, or anything ending in `/`.
      const at = code.length;
      code.push({ op: 'fork', to: [at + 1, at + 3] }, { op: 'any' }, { op: 'char', c: SLASH });
    } else {
      const fork: Instr & { op: 'fork' } = { op: 'fork', to: [] };
      code.push(fork);
      const jumps: (Instr & { op: 'jump' })[] = [];
      for (const alternative of t.alternatives) {
        fork.to.push(code.length);
        emit(alternative, code);
        const jump: Instr & { op: 'jump' } = { op: 'jump', to: -1 };
        jumps.push(jump);
        code.push(jump);
      }
      for (const jump of jumps) jump.to = code.length;
    }
  }
};

const epsilonEdges = (code: readonly Instr[], i: number): readonly number[] => {
  const ins = code[i]!;
  if (ins.op === 'fork') return ins.to;
  if (ins.op === 'jump') return [ins.to];
  if (ins.op === 'star' || ins.op === 'any') return [i + 1];
  return [];
};

/** A set of reached instructions, with what it means and where each letter takes it (filled in as met). */
interface StateSet {
  states: readonly number[];
  dead: boolean;
  /** Holds an `any` from which `match` is reached without reading: whatever follows is accepted. */
  acceptsRest: boolean;
  final: boolean;
  /** By letter (see GlobProgram.letter). */
  next: (StateSet | undefined)[];
}

/** Stands for every character that is neither `/` nor a literal of the pattern: they all move a set alike. */
const OTHER = -1;

/**
 * How many sets a pattern remembers. Past it, each step is computed as it is read: the
 * answers are the same, only slower.
 */
const MAX_REMEMBERED_SETS = 256;

/** A compiled pattern and the matcher that runs it. */
class GlobProgram {
  private readonly code: Instr[] = [];
  private readonly final: number;
  /** Literal characters every match starts with, and the set reached after them. */
  private readonly prefix: string;
  private readonly initial: StateSet;
  /** The pattern's alphabet: OTHER, `/`, then its literals; and each ASCII character's letter. */
  private readonly letters: number[];
  private readonly asciiLetter = new Int32Array(128);
  private readonly letterOf = new Map<number, number>();
  private readonly anyToFinal: boolean[];
  private readonly remembered = new Map<string, StateSet>();
  private readonly stamp: Uint32Array;
  private generation = 0;

  constructor(glob: string) {
    emit(tokenize(codePoints(trimGlob(glob))), this.code);
    this.final = this.code.length;
    this.code.push({ op: 'match' });
    let start = 0;
    while (this.code[start]!.op === 'char') start++;
    const chars = this.code.flatMap((ins) => (ins.op === 'char' ? [ins.c] : []));
    this.prefix = chars.slice(0, start).map((c) => String.fromCodePoint(c)).join('');
    this.letters = [OTHER, SLASH, ...new Set(chars.filter((c) => c !== SLASH))];
    this.letters.forEach((c, i) => {
      if (c >= 0 && c < 128) this.asciiLetter[c] = i;
      else if (c >= 128) this.letterOf.set(c, i);
    });
    this.stamp = new Uint32Array(this.code.length);
    this.anyToFinal = this.code.map((ins, i) => ins.op === 'any' && this.closure([i]).includes(this.final));
    this.initial = this.setOf(this.closure([start]));
  }

  /** The instructions reachable from `from` by ε-edges, `from` included; each once, in order. */
  private closure(from: readonly number[]): number[] {
    const gen = ++this.generation;
    const out: number[] = [];
    const stack = [...from];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (this.stamp[i] === gen) continue;
      this.stamp[i] = gen;
      out.push(i);
      for (const j of epsilonEdges(this.code, i)) stack.push(j);
    }
    return out.sort((a, b) => a - b);
  }

  /** Where the instructions of `states` go on reading character c (or OTHER). */
  private step(states: readonly number[], c: number): number[] {
    const next: number[] = [];
    for (const i of states) {
      const ins = this.code[i]!;
      if (ins.op === 'char') {
        if (ins.c === c) next.push(i + 1);
      } else if (ins.op === 'one') {
        if (c !== SLASH) next.push(i + 1);
      } else if (ins.op === 'star') {
        if (c !== SLASH) next.push(i);
      } else if (ins.op === 'any') next.push(i);
    }
    return this.closure(next);
  }

  private setOf(states: readonly number[]): StateSet {
    const key = states.join(',');
    const known = this.remembered.get(key);
    if (known) return known;
    const set: StateSet = {
      states,
      dead: states.length === 0,
      acceptsRest: states.some((i) => this.anyToFinal[i]),
      final: states.includes(this.final),
      next: [],
    };
    if (this.remembered.size < MAX_REMEMBERED_SETS) this.remembered.set(key, set);
    return set;
  }

  matches(path: string): boolean {
    if (!path.startsWith(this.prefix)) return false;
    let set = this.initial;
    for (let k = this.prefix.length; k < path.length; ) {
      if (set.dead) return false;
      if (set.acceptsRest) return true;
      const unit = path.charCodeAt(k);
      const c = unit >= 0xd800 && unit <= 0xdbff ? path.codePointAt(k)! : unit;
      // The pattern matched a directory: everything below it matches.
      if (c === SLASH && set.final) return true;
      const letter = c < 128 ? this.asciiLetter[c]! : (this.letterOf.get(c) ?? 0);
      let next = set.next[letter];
      if (!next) {
        next = this.setOf(this.step(set.states, this.letters[letter]!));
        if (this.remembered.size < MAX_REMEMBERED_SETS) set.next[letter] = next;
      }
      set = next;
      k += c > 0xffff ? 2 : 1;
    }
    return set.final;
  }
}

export type PathMatcher = (path: string) => boolean;

export const globMatcher = (glob: string): PathMatcher => {
  const program = new GlobProgram(glob);
  return (path) => program.matches(path);
};

export const matcherOf = (globs: readonly string[]): PathMatcher => {
  if (globs.length === 0) return () => false;
  const programs = globs.map((g) => new GlobProgram(g));
  return (path) => programs.some((p) => p.matches(path));
};

/**
 * Why a pattern from config can never match a path of the world, or undefined. Paths from git
 * are relative, with no `.`, `..` or empty segments, so a pattern that is absolute or has such
 * a segment (`/etc/**`, `../**`, `{a,..}/x`, `.{.,x}/y`) is a mistake, whichever alternative
 * of each group is taken. Checked by running every expansion at once through a four-state
 * automaton over the pattern's literal characters (wildcards count as ordinary characters).
 */
export const globProblem = (glob: string): string | undefined => {
  const length = codePoints(glob).length;
  if (length > MAX_GLOB_LENGTH) return `is ${length} characters long; patterns may have at most ${MAX_GLOB_LENGTH}`;
  const text = trimGlob(glob);
  // Segment states: at the very start, at a segment start, after ".", after "..", elsewhere.
  type Seg = 'start' | 'empty' | 'dot' | 'dots' | 'name';
  const problems = new Set<string>();
  const readChar = (s: Seg, c: number): Seg => {
    if (c === SLASH) {
      if (s === 'start') problems.add('starts with "/": patterns are relative');
      else if (s === 'empty') problems.add('has an empty path segment ("//")');
      else if (s === 'dot') problems.add('has a "." path segment');
      else if (s === 'dots') problems.add('has a ".." path segment: patterns cannot leave the world');
      return 'empty';
    }
    if (c === 0x2e /* . */) return s === 'start' || s === 'empty' ? 'dot' : s === 'dot' ? 'dots' : 'name';
    return 'name';
  };
  const readTokens = (states: Set<Seg>, tokens: readonly Token[]): Set<Seg> => {
    let current = states;
    for (const t of tokens) {
      const next = new Set<Seg>();
      if (t.kind === 'group') for (const alternative of t.alternatives) for (const s of readTokens(current, alternative)) next.add(s);
      else if (t.kind === 'anyDirs') for (const s of current) next.add(s).add(readChar(readChar(s, 0x78), SLASH));
      else for (const s of current) next.add(readChar(s, t.kind === 'char' ? t.c : 0x78 /* any non-dot */));
      current = next;
    }
    return current;
  };
  const end = readTokens(new Set<Seg>(['start']), tokenize(codePoints(text)));
  if (end.has('dot') && text !== '') problems.add('has a "." path segment');
  if (end.has('dots')) problems.add('has a ".." path segment: patterns cannot leave the world');
  return problems.size > 0 ? [...problems][0] : undefined;
};
