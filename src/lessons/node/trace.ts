/**
 * A run written out for review: one line per record, then one indented line per event, every
 * address spelled as the scenario names it (`p+0x2000`, the format's own convention for results,
 * section 5) rather than as a 15-digit decimal. Each line is a JSON value on its own, so the file
 * is still read line by line; a changed event shows up in a diff as one changed line.
 *
 * The spelling only: a trace holds the same fields as the records, nothing added or dropped.
 */
import {
  canonical,
  symbolize,
  type EngineEvent,
  type EngineState,
  type EventKind,
  type RunOutput,
  type StepResult,
} from '../../engine';

type NumericField<E> = {
  [F in keyof E]-?: NonNullable<E[F]> extends number ? F : never;
}[keyof E];

/**
 * The fields of each event kind that hold a user virtual address (as opposed to a pfn, a length
 * or a tag). Every kind is listed, so a new event kind does not compile until someone decides.
 * `from`/`to` are addresses in page_moved and in a summary of folded events (tx.ts folds their
 * `addr`), but pfns in cow_copied and tags_copied.
 */
const ADDRESS_FIELDS: {
  readonly [K in EventKind]: readonly NumericField<Extract<EngineEvent, { kind: K }>>[];
} = {
  fault: ['addr', 'vma'],
  zero_page_mapped: ['addr'],
  refpage_mapped: ['addr'],
  frame_allocated: ['addr'],
  frame_freed: [],
  pte_mapped: ['addr'],
  pte_cleared: ['addr'],
  cow_copied: ['addr'],
  page_reused: ['addr'],
  pte_shared: ['addr'],
  pagecache_page: [],
  signal: ['addr'],
  vma_changed: ['start', 'end'],
  process: [],
  oom: [],
  thread_blocked: ['addr'],
  thread_woken: ['addr'],
  uffd_msg_queued: ['addr'],
  note: ['addr'],
  tag_check: ['addr'],
  tags_set: ['addr'],
  tags_cleared: ['addr'],
  tags_copied: ['addr'],
  tag_generated: ['addr'],
  mte_ctrl: [],
  uffd_ctx: [],
  uffd_range: ['start', 'end'],
  uffd_filled: ['addr', 'src'],
  page_moved: ['from', 'to'],
  uffd_wp_changed: ['start', 'end'],
  uffd_msg_read: ['addr'],
  summary: ['from', 'to'],
};

/** A record's own fields in reading order; any field not listed follows, sorted. */
const RECORD_ORDER = ['seq', 'path', 'proc', 'thread', 'do', 'ret', 'errno', 'out', 'value'];

/** An object's entries: `first` in that order, then the rest sorted, then `last`. */
function ordered(
  obj: Record<string, unknown>,
  first: readonly string[],
  last: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of first) if (k in obj) out[k] = obj[k];
  for (const k of Object.keys(obj).sort())
    if (!first.includes(k) && !last.includes(k)) out[k] = obj[k];
  for (const k of last) if (k in obj) out[k] = obj[k];
  return out;
}

/** One event: kind, function, its addresses (named), its other fields, the call chain last. */
export function eventLine(e: EngineEvent, addr: (a: number) => string): string {
  const fields: Record<string, unknown> = { ...e };
  const addrs = ADDRESS_FIELDS[e.kind] as readonly string[];
  for (const f of addrs) {
    const v = fields[f];
    if (typeof v === 'number') fields[f] = addr(v);
  }
  return JSON.stringify(ordered(fields, ['kind', 'fn', ...addrs], ['path']));
}

/** One record without its events (they follow, one a line). Nested values keep sorted keys. */
export function recordLine(r: StepResult): string {
  const { events: _events, ...fields } = r;
  const o = ordered(fields, RECORD_ORDER);
  return `{${Object.entries(o)
    .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
    .join(',')}}`;
}

/**
 * The state each record's addresses are named in: the state after the step that produced it (a
 * `resumed` record belongs to the step that woke it, the last record before it that is not resumed;
 * format section 4), so a name bound by that very step (`p = mmap(…)`) already names its VMA.
 */
function stateOfRecords(out: RunOutput): EngineState[] {
  let seq = 0;
  return out.records.map((r) => {
    if (!r.resumed) seq = r.seq;
    return out.states[seq] ?? out.finalState;
  });
}

/**
 * The trace's lines (no trailing newline): each record and its events, then one summary line with
 * the run's error, failed expectations and cost counters. `out` must keep its states
 * (`keepStates`), which the names of the addresses come from.
 */
export function traceLines(out: RunOutput): string[] {
  if (out.states.length === 0 && out.records.length > 0)
    throw new Error('traceLines needs the run’s states (runScenario with keepStates)');
  const states = stateOfRecords(out);
  const lines: string[] = [];
  out.records.forEach((r, i) => {
    const s = states[i]!;
    lines.push(recordLine(r));
    for (const e of r.events) lines.push('  ' + eventLine(e, (a) => symbolize(s, a)));
  });
  lines.push(
    canonical({ summary: { error: out.error, failures: out.failures, stats: out.stats } }),
  );
  return lines;
}
