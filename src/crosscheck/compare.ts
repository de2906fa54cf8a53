/**
 * Engine records against the kernel's, field by field (format section 5: every field but
 * `events`). Records are matched by seq, and a `resumed` record with the resumed record of the
 * same seq, so one missing record is reported once instead of shifting every later comparison.
 */
import { COMPARED_FIELDS, type StepResult } from '../engine/result';
import type { KernelRecord } from './kernel-run';

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
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(
          Object.entries(val as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : val,
  );
}

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

function show(v: unknown): string {
  return v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** One line per difference: `#7 steps/6 errno: engine EEXIST, kernel null`. */
export function formatDiffs(diffs: readonly FieldDiff[]): string[] {
  return diffs.map(
    (d) => `#${d.seq} ${d.path} ${d.field}: engine ${show(d.engine)}, kernel ${show(d.kernel)}`,
  );
}
