/**
 * The rows of the "Mappings" table: every present PTE (and every PTE marker) at the cursor, by
 * process and address, with its frame, whether it is writable and who else maps that frame. Pages
 * with the same story are one row ("p … p+0x1ff000, 512 pages"), as they are one bundle on the map.
 */
import {
  ptePfn,
  PTE_MARKER_POISON,
  PTE_MARKER_UFFD_WP,
  PTE_SPECIAL,
  PTE_UFFD_WP,
  PTE_WRITE,
} from '../../store/engine';
import type { OrderedChanges } from '../../store/selectors/changes-by-event';
import { pageAddr, pageIndex, pageRuns, type MappingModel } from '../../store/selectors/mapping';
import { symbolize, type NamedAddr } from '../../store/selectors/symbols';
import { frameKindWord, markerChange, protectionWords } from './text';

export interface MappingRow {
  key: string;
  proc: string;
  /** The first page's address, and how many pages the row covers. */
  addr: number;
  pages: number;
  addrText: string;
  pfn: number;
  pfnText: string;
  writable: boolean | null;
  sharedWith: string;
  notes: string;
  /** The step at the cursor changed a page of this row. */
  changed: boolean;
}

interface Interval {
  p0: number;
  len: number;
  special: boolean;
  row: number;
  i0: number;
}

const intervalsCache = new WeakMap<MappingModel, { list: Interval[]; maxLen: number }>();

/** Every run of present pages as an interval of pfns, sorted by first pfn. */
function intervals(m: MappingModel): { list: Interval[]; maxLen: number } {
  const hit = intervalsCache.get(m);
  if (hit) return hit;
  const list: Interval[] = [];
  m.procs.forEach((pm, row) => {
    if (!pm.exists) return;
    const runs = pageRuns(m.axis, pm);
    for (let r = 0; r < runs.count; r++) {
      const i0 = runs.start[r]!;
      const p0 = pm.pfn[i0]!;
      if (p0 < 0) continue;
      const special = (pm.bits[i0]! & PTE_SPECIAL) !== 0;
      list.push({ p0, len: special ? 1 : runs.len[r]!, special, row, i0 });
    }
  });
  list.sort((a, b) => a.p0 - b.p0);
  const maxLen = list.reduce((x, v) => Math.max(x, v.len), 1);
  const out = { list, maxLen };
  intervalsCache.set(m, out);
  return out;
}

/** Who else maps the frames [p0, p0+len) besides pages [i0, i0+n) of `row`. */
function sharedWith(
  m: MappingModel,
  row: number,
  i0: number,
  p0: number,
  len: number,
  special: boolean,
  n: number,
  names: readonly NamedAddr[],
): string {
  if (special) {
    const others = (m.fanIn[p0] ?? 0) - n;
    return others > 0 ? `${others.toLocaleString('en')} other PTE${others === 1 ? '' : 's'}` : '—';
  }
  let fan = 0;
  for (let p = p0; p < p0 + len; p++) fan += m.fanIn[p] ?? 0;
  if (fan <= len) return '—';
  const { list, maxLen } = intervals(m);
  // The first interval that could reach p0.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.p0 < p0 - maxLen) lo = mid + 1;
    else hi = mid;
  }
  const parts: string[] = [];
  let more = 0;
  for (let k = lo; k < list.length && list[k]!.p0 < p0 + len; k++) {
    const v = list[k]!;
    if (v.special) continue;
    const a = Math.max(p0, v.p0);
    const b = Math.min(p0 + len, v.p0 + v.len);
    if (a >= b) continue;
    const at = v.i0 + (a - v.p0);
    if (v.row === row && at === i0 + (a - p0)) continue;
    const name = m.procs[v.row]!.name;
    if (parts.length >= 4) {
      more++;
      continue;
    }
    parts.push(
      b - a === 1
        ? `${name} ${symbolize(pageAddr(m.axis, at), names)}`
        : `${name} (${(b - a).toLocaleString('en')} pages)`,
    );
  }
  if (parts.length === 0) return '—';
  return more ? `${parts.join(', ')} and ${more} more` : parts.join(', ');
}

/** A page the table should show, by process and address. */
export interface RowFocus {
  proc: string;
  addr: number;
}

/**
 * Which rows to build: `limit` of them from row `from`. Rows before `from` and past the limit are
 * only counted, and each `focus` page's row number is found, so the table can open at the window
 * that holds the selection or the step's change (a 1 GiB run has more rows than a table shows).
 */
export interface RowWindow {
  from?: number;
  limit?: number;
  focus?: readonly RowFocus[];
}

export function mappingRows(
  m: MappingModel,
  names: readonly NamedAddr[],
  changes: OrderedChanges,
  win: RowWindow = {},
): { rows: MappingRow[]; total: number; focusAt: (number | null)[] } {
  const { from = 0, limit = 200, focus = [] } = win;
  const rows: MappingRow[] = [];
  let total = 0;
  const focusI = focus.map((f) => pageIndex(m.axis, f.addr));
  const focusAt: (number | null)[] = focus.map(() => null);
  // What the step changed, per process: axis indices in order, and the words for each, so a row
  // finds its changed pages by a search instead of visiting each of its (up to 262,144) pages.
  const changedAt = new Map<string, { i: number; words: string }[]>();
  for (const l of changes.links) {
    if (l.movedAway) continue;
    const words = changeWords(l, names);
    const i = pageIndex(m.axis, l.addr);
    if (!words || i < 0) continue;
    let list = changedAt.get(l.proc);
    if (!list) changedAt.set(l.proc, (list = []));
    list.push({ i, words });
  }
  for (const list of changedAt.values()) list.sort((a, b) => a.i - b.i);
  m.procs.forEach((pm, row) => {
    if (!pm.exists) return;
    const runs = pageRuns(m.axis, pm);
    const blockedAt = new Map(pm.blocked.map((b) => [b.i, b.thread]));
    for (const [i0, n] of splitByFanIn(m, pm.pfn, pm.bits, runs)) {
      const pfn = pm.pfn[i0]!;
      const bits = pm.bits[i0]!;
      const marker = bits & (PTE_MARKER_POISON | PTE_MARKER_UFFD_WP);
      const sleeping: string[] = [];
      for (const [i, t] of blockedAt) if (i >= i0 && i < i0 + n) sleeping.push(t);
      if (pfn < 0 && !marker && sleeping.length === 0) continue;
      const at = total++;
      focus.forEach((f, k) => {
        const fi = focusI[k]!;
        if (focusAt[k] === null && f.proc === pm.name && fi >= i0 && fi < i0 + n) focusAt[k] = at;
      });
      if (at < from || rows.length >= limit) continue;
      const addr = pageAddr(m.axis, i0);
      const special = (bits & PTE_SPECIAL) !== 0;
      const notes: string[] = [];
      let isChanged = false;
      const list = changedAt.get(pm.name);
      if (list)
        for (let k = firstAtOrAfter(list, i0); k < list.length && list[k]!.i < i0 + n; k++) {
          isChanged = true;
          if (!notes.includes(list[k]!.words)) notes.push(list[k]!.words);
        }
      if (bits & PTE_MARKER_POISON) notes.push('poison marker');
      if (bits & (PTE_UFFD_WP | PTE_MARKER_UFFD_WP) && !notes.some((w) => w.includes('uffd-wp')))
        notes.push('uffd-wp');
      for (const t of sleeping) notes.push(`thread ${t} asleep here`);
      const last = pageAddr(m.axis, i0 + n - 1);
      rows.push({
        key: `${pm.name}:${addr}`,
        proc: pm.name,
        addr,
        pages: n,
        addrText:
          n === 1
            ? symbolize(addr, names)
            : `${symbolize(addr, names)} … ${symbolize(last, names)} (${n.toLocaleString('en')} pages)`,
        pfn,
        pfnText:
          pfn < 0
            ? '—'
            : special
              ? `${pfn} (${frameKindWord(m.frames.kind[pfn]!, 0)})`
              : n === 1
                ? `${pfn}`
                : `${pfn}–${pfn + n - 1}`,
        writable: pfn < 0 ? null : (bits & PTE_WRITE) !== 0,
        sharedWith: pfn < 0 ? '—' : sharedWith(m, row, i0, pfn, special ? 1 : n, special, n, names),
        notes: notes.join('; '),
        changed: isChanged,
      });
    }
  });
  return { rows, total, focusAt };
}

/** How a row's note says what the step did to one of its PTEs ('' for nothing worth saying). */
function changeWords(l: OrderedChanges['links'][number], names: readonly NamedAddr[]): string {
  switch (l.kind) {
    case 'added':
      return l.movedFrom !== undefined
        ? `moved here from ${symbolize(l.movedFrom, names)}`
        : 'new PTE';
    case 'repointed':
      return `re-pointed from pfn ${ptePfn(l.before)}`;
    case 'protection':
      return protectionWords(l.before, l.after) ?? 'flags changed';
    case 'marker':
      return markerChange(l.before, l.after);
    default:
      return '';
  }
}

/** The first entry of a list sorted by i whose i is at least `i0` (binary search). */
function firstAtOrAfter(list: readonly { i: number }[], i0: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.i < i0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Runs split where their frames go from mapped once to mapped more than once, so a row is all
 * private or all shared (after fork, a page the child copied is private again beside shared ones);
 * short runs split into single pages.
 */
const SINGLE_ROWS_UP_TO = 16;

function* splitByFanIn(
  m: MappingModel,
  pfn: Int32Array,
  bits: Uint8Array,
  runs: ReturnType<typeof pageRuns>,
): Generator<[number, number]> {
  for (let r = 0; r < runs.count; r++) {
    const a = runs.start[r]!;
    const n = runs.len[r]!;
    if ((pfn[a]! < 0 || bits[a]! & PTE_SPECIAL) && n > SINGLE_ROWS_UP_TO) {
      yield [a, n];
      continue;
    }
    // A short run is listed page by page: a lesson's few pages each get their own row.
    if (n <= SINGLE_ROWS_UP_TO) {
      for (let i = a; i < a + n; i++) yield [i, 1];
      continue;
    }
    const fan = m.fanIn;
    let s = a;
    let shared = fan[pfn[a]!]! > 1;
    for (let i = a + 1; i < a + n; i++) {
      const sh = fan[pfn[i]!]! > 1;
      if (sh === shared) continue;
      yield [s, i - s];
      s = i;
      shared = sh;
    }
    yield [s, a + n - s];
  }
}
