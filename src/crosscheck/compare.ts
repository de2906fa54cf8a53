/**
 * The one comparison of both targets: the engine's run against the kernel's, field by field
 * (format section 5: every field but `events`), plus how each run ended. Records are matched by
 * seq, and a `resumed` record with the resumed record of the same seq, so one missing record is
 * reported once instead of shifting every later comparison.
 *
 * One field is compared by rule rather than by value: IRG's tag (arm64). Linux runs IRG with
 * GCR_EL1.RRND=1 (a hardware random tag), faultline with a seeded generator, so an `irg` record's
 * `value` matches when the kernel's tag is one the engine could also have chosen (the
 * `candidates` of its tag_generated event).
 */
import type { RunOutput } from '../engine/api';
import { COMPARED_FIELDS, type StepResult } from '../engine/result';
import type { KernelRecord, KernelRun } from './kernel-run';
import { canonicalJson } from '../scenario/expect-match';

export interface FieldDiff {
  seq: number;
  path: string;
  /** a compared field, or `record` when one side has no such record at all */
  field: string;
  engine: unknown;
  kernel: unknown;
}

type AnyRecord = KernelRecord | StepResult;

/** JSON with sorted keys, so that field order never counts as a difference. */
export { canonicalJson };

function keyOf(r: AnyRecord): string {
  return `${r.seq}${r.resumed ? '/resumed' : ''}`;
}

function summary(r: AnyRecord | undefined): unknown {
  if (!r) return undefined;
  return `${r.do} on ${r.proc}/${r.thread}${r.resumed ? ' (resumed)' : ''}`;
}

const IDENTITY = ['path', 'do', 'proc', 'thread'] as const;

export function compareRecords(
  engine: readonly AnyRecord[],
  kernel: readonly AnyRecord[],
): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  const byKey = new Map<string, { e?: AnyRecord; k?: AnyRecord }>();
  for (const r of engine) byKey.set(keyOf(r), { ...byKey.get(keyOf(r)), e: r });
  for (const r of kernel) byKey.set(keyOf(r), { ...byKey.get(keyOf(r)), k: r });
  const pairs = [...byKey.values()].sort((a, b) => {
    const ra = (a.e ?? a.k)!;
    const rb = (b.e ?? b.k)!;
    return ra.seq - rb.seq || Number(Boolean(ra.resumed)) - Number(Boolean(rb.resumed));
  });
  for (const { e, k } of pairs) {
    const any = (e ?? k)!;
    if (!e || !k) {
      diffs.push({
        seq: any.seq,
        path: any.path,
        field: 'record',
        engine: summary(e),
        kernel: summary(k),
      });
      continue;
    }
    for (const field of [...IDENTITY, ...COMPARED_FIELDS]) {
      const ev = (e as unknown as Record<string, unknown>)[field];
      const kv = (k as unknown as Record<string, unknown>)[field];
      if (canonicalJson(ev) !== canonicalJson(kv))
        diffs.push({ seq: any.seq, path: any.path, field, engine: ev, kernel: kv });
    }
  }
  return diffs;
}

/** The IRG rule: a differing tag is no difference when the engine could have drawn it too. */
function irgCouldDraw(d: FieldDiff, engine: readonly StepResult[]): boolean {
  if (d.field !== 'value' || typeof d.kernel !== 'string') return false;
  const rec = engine.find((r) => r.seq === d.seq && !r.resumed);
  if (!rec || rec.do !== 'irg') return false;
  const ev = rec.events.find((e) => e.kind === 'tag_generated');
  if (!ev || ev.kind !== 'tag_generated') return false;
  const t = parseInt(d.kernel, 16);
  return t >= 0 && t < 16 && (ev.candidates === 0 ? t === 0 : ((ev.candidates >> t) & 1) === 1);
}

/** A scenario error as one line; its message may already start with where. */
function errorText(e: { where: string; message: string }): string {
  return !e.where || e.message.startsWith(e.where) ? e.message : `${e.where}: ${e.message}`;
}

/**
 * The engine's run and the kernel's, compared: every record field, whether each stopped on a
 * scenario error, and whether the program ended as it should (exit 0, or 3 after an error line).
 */
export function compareRuns(engine: RunOutput, kernel: KernelRun): FieldDiff[] {
  const diffs = compareRecords(engine.records, kernel.records).filter(
    (d) => !irgCouldDraw(d, engine.records),
  );
  const ke = kernel.error ? `${kernel.error.path}: ${kernel.error.message}` : null;
  const ee = engine.error ? errorText(engine.error) : null;
  const normal = kernel.error ? 'exit=3' : 'exit=0';
  if (kernel.timedOut) {
    diffs.push({ seq: 0, path: '', field: 'error', engine: null, kernel: kernel.ended });
  } else if (kernel.ended !== normal) {
    diffs.push({ seq: 0, path: '', field: 'ended', engine: normal, kernel: kernel.ended });
  }
  if (Boolean(ke) !== Boolean(ee)) {
    const at = kernel.error ?? { seq: 0, path: engine.error?.where ?? '' };
    diffs.push({ seq: at.seq, path: at.path, field: 'error', engine: ee, kernel: ke });
  }
  return diffs;
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** One line per difference: `#7 steps/6 errno: engine EEXIST, kernel null`. */
export function formatDiffs(diffs: readonly FieldDiff[]): string[] {
  return diffs.map(
    (d) => `#${d.seq} ${d.path} ${d.field}: engine ${show(d.engine)}, kernel ${show(d.kernel)}`,
  );
}
