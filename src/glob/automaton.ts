import { inSet, type Node } from './parse.js';

/**
 * A glob's syntax tree as a finite automaton (Thompson's construction: one state per character
 * of the glob, at most), run as a DFA built lazily, one transition the first time it is needed.
 * Each character of a path costs one array lookup once the DFA has the transition, and at most
 * the glob's size when it does not: O(glob × path) whatever both hold, where picomatch's
 * backtracking regular expressions are exponential. The DFA is shared by every path a pattern
 * tests, so on a repository's paths it is built in the first few and then only read.
 */

/** A state consumes one code unit that `accepts` and moves to `next`, or branches without consuming, or is final. */
interface State {
  id: number;
  /** The `closure` call that last reached it. */
  seen: number;
  accepts?: (code: number) => boolean;
  next?: State;
  branches?: State[];
  final?: boolean;
  /** Passes to `next` without consuming, but only when a character follows. */
  more?: boolean;
  /** For the body of a `**` loop: whether the glob may end anywhere in the loop, so that it matches whatever follows. */
  endsAnywhere?: boolean;
}

/** A DFA state: the consuming NFA states it stands for. */
interface DfaState {
  states: State[];
  accepting: boolean;
}

// DFA states with reserved ids, whatever the glob: the rest of the path decides alone.
/** No continuation matches. */
const DEAD = 0;
/** Every continuation matches (`src/**` once past `src/`). */
const ALL = 1;
/** The glob is done: the path must end here. */
const END = 2;
const RESERVED: DfaState[] = [
  { states: [], accepting: false },
  { states: [], accepting: true },
  { states: [], accepting: true },
];

/**
 * A step reaching more NFA states than this is not made a DFA state: such sets come from hostile
 * globs (`*a*a*a…` on `aaa…`), rarely repeat, and their keys would cost more than the step.
 * The path is then read on the NFA itself.
 */
const MAX_DFA_SET = 256;

/**
 * A DFA holds at most this many transitions (states × character classes, 4 bytes each); beyond,
 * it starts over. That bounds a glob's memory whatever the paths (a long glob has many classes).
 */
const MAX_TRANSITIONS = 1 << 18;

const SLASH = 47;
const notSlash = (code: number) => code !== SLASH;
const anything = () => true;

/** Consuming states reached without consuming, and whether a final one is. */
interface Closure {
  states: State[];
  final: boolean;
}

let closures = 0;

/** What the states of `stack` reach without consuming: O(glob) at most. Empties `stack`. */
function closure(stack: State[]): Closure {
  const mark = ++closures;
  const states: State[] = [];
  let final = false;
  // Then what is reached past a `more`: it needs a character, so it is never final.
  const later: State[] = [];
  for (const past of [false, true]) {
    const pending = past ? later : stack;
    while (pending.length > 0) {
      const state = pending.pop()!;
      if (state.seen === mark) continue;
      state.seen = mark;
      if (state.final) final ||= !past;
      else if (state.accepts) states.push(state);
      else if (state.more) later.push(state.next!);
      else for (const branch of state.branches!) pending.push(branch);
    }
  }
  return { states, final };
}

/** Where the consuming states go on `code`. */
function advance(states: State[], code: number): Closure {
  const next: State[] = [];
  for (const state of states) if (state.accepts!(code)) next.push(state.next!);
  return closure(next);
}

function endsAnywhere(state: State): boolean {
  if (state.accepts !== anything) return false;
  state.endsAnywhere ??= closure([state.next!]).final;
  return state.endsAnywhere;
}

/**
 * The code units where some state's answer may change, sorted: code units between two
 * boundaries are alike to every state, so the DFA needs one transition for all of them
 * (a glob naming six characters has some thirteen classes, whatever the paths hold).
 */
function boundaries(body: Node[]): number[] {
  const points = new Set<number>([SLASH, SLASH + 1]);
  const visit = (nodes: Node[]) => {
    for (const node of nodes) {
      if (node.kind === 'text') for (let i = 0; i < node.text.length; i++) points.add(node.text.charCodeAt(i)).add(node.text.charCodeAt(i) + 1);
      else if (node.kind === 'set') for (const [i, code] of node.set.ranges.entries()) points.add(i % 2 === 0 ? code : code + 1);
      else if (node.kind === 'alt') node.alts.forEach(visit);
    }
  };
  visit(body);
  return [...points].sort((a, b) => a - b);
}

/** Builds the automaton back to front: each node is compiled with the state that follows it. */
function build(body: Node[]): State {
  let count = 0;
  const state = (fields: Omit<State, 'id' | 'seen'>): State => ({ id: count++, seen: 0, ...fields });
  const sequence = (nodes: Node[], next: State): State => nodes.reduceRight((after, node) => compile(node, after), next);
  const loop = (accepts: (code: number) => boolean, next: State): State => {
    const entry = state({ branches: [next] });
    entry.branches!.unshift(state({ accepts, next: entry }));
    return entry;
  };
  const compile = (node: Node, next: State): State => {
    switch (node.kind) {
      case 'text': {
        // By UTF-16 code unit, as a regular expression without the `u` flag reads text.
        let after = next;
        for (let i = node.text.length - 1; i >= 0; i--) {
          const code = node.text.charCodeAt(i);
          after = state({ accepts: (c) => c === code, next: after });
        }
        return after;
      }
      case 'set':
        return state({ accepts: (c) => inSet(node.set, c), next });
      case 'star':
        return loop(notSlash, next);
      case 'any':
        return loop(anything, next);
      case 'more':
        return state({ more: true, next });
      case 'end':
        // Only the end of the path may follow: accept there if the rest of the glob can be empty.
        return closure([next]).final ? state({ final: true }) : state({ branches: [] });
      case 'alt':
        return state({ branches: node.alts.map((alt) => sequence(alt, next)) });
    }
  };
  return sequence(body, state({ final: true }));
}

/** A glob's automaton for paths that start with `prefix`, which it reads once per DFA rather than once per path. */
export class Automaton {
  private readonly initial: State;
  private readonly boundaries: number[];
  private readonly classes: number;
  /** The character class of each ASCII code unit. */
  private readonly asciiClass = new Uint16Array(128);
  private ids = new Map<string, number>();
  private dfa: DfaState[] = [];
  /** `table[id * classes + class]`: the id of the next DFA state, or -1 until it is computed. */
  private table = new Int32Array(0);
  /** Counts restarts, so that a transition computed across one is not stored. */
  private generation = 0;
  /** The state after the prefix, or -1 until computed. */
  private origin = -1;

  constructor(
    body: Node[],
    private readonly prefix = '',
  ) {
    this.initial = build(body);
    this.boundaries = boundaries(body);
    this.classes = this.boundaries.length + 1;
    for (let code = 0; code < 128; code++) this.asciiClass[code] = this.classOf(code);
    this.restart();
  }

  /** Whether the automaton accepts `path`, which starts with the prefix. */
  test(path: string): boolean {
    if (this.origin < 0) this.origin = this.read(this.intern(closure([this.initial])), this.prefix);
    const { asciiClass, classes } = this;
    let table = this.table;
    let current = this.origin;
    for (let i = this.prefix.length; i < path.length; i++) {
      if (current <= END) return current === ALL;
      const code = path.charCodeAt(i);
      const cls = code < 128 ? asciiClass[code]! : this.classOf(code);
      let next = table[current * classes + cls]!;
      if (next < 0) {
        const reached = advance(this.dfa[current]!.states, code);
        if (reached.states.length > MAX_DFA_SET) return this.simulate(reached, path, i + 1);
        next = this.link(current, cls, reached);
        table = this.table;
      }
      current = next;
    }
    return this.dfa[current]!.accepting;
  }

  /** The rest of `path` read on the NFA: O(glob) per code unit, without building DFA states. */
  private simulate(reached: Closure, path: string, from: number): boolean {
    for (let i = from; i < path.length; i++) {
      if (reached.states.length === 0) return false;
      reached = advance(reached.states, path.charCodeAt(i));
    }
    return reached.final;
  }

  /** The DFA state after `text`; its sets are small (a literal prefix leaves one NFA state). */
  private read(state: number, text: string): number {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const cls = code < 128 ? this.asciiClass[code]! : this.classOf(code);
      const next = this.table[state * this.classes + cls]!;
      state = next >= 0 ? next : this.link(state, cls, advance(this.dfa[state]!.states, code));
    }
    return state;
  }

  /** How many boundaries are at or below `code`. */
  private classOf(code: number): number {
    let low = 0;
    let high = this.boundaries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.boundaries[mid]! <= code) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The DFA state for `reached`, stored as the transition from `from` on `cls`. */
  private link(from: number, cls: number, reached: Closure): number {
    const generation = this.generation;
    const to = this.intern(reached);
    if (this.generation === generation) this.table[from * this.classes + cls] = to;
    return to;
  }

  private intern({ states, final }: Closure): number {
    if (states.length === 0) return final ? END : DEAD;
    if (states.some(endsAnywhere)) return ALL;
    const key = `${final ? '$' : ''}${states
      .map((s) => s.id)
      .sort((a, b) => a - b)
      .join(',')}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      if ((this.dfa.length + 1) * this.classes > MAX_TRANSITIONS) this.restart();
      id = this.dfa.length;
      this.dfa.push({ states, accepting: final });
      this.ids.set(key, id);
      if (this.table.length < this.dfa.length * this.classes) {
        const table = new Int32Array(this.table.length * 2).fill(-1);
        table.set(this.table);
        this.table = table;
      }
    }
    return id;
  }

  /** Empties the DFA (its old states become garbage once the path being read is done). */
  private restart(): void {
    this.generation++;
    this.ids = new Map();
    this.dfa = [...RESERVED];
    this.table = new Int32Array(2 * RESERVED.length * this.classes).fill(-1);
    this.table.fill(DEAD, DEAD * this.classes, (DEAD + 1) * this.classes);
    this.table.fill(ALL, ALL * this.classes, (ALL + 1) * this.classes);
    this.table.fill(DEAD, END * this.classes, (END + 1) * this.classes);
    this.origin = -1;
  }
}
