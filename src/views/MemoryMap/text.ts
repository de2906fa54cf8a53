/**
 * The memory map in words: the canvas's accessible summary, the selection read aloud, and the
 * step's changes as sentences (what a screen reader, a search and a student's notes get instead of
 * the picture). Pure functions of the model and the changes.
 */
import {
  ptePfn,
  PTE_MARKER_POISON,
  PTE_MARKER_UFFD_WP,
  PTE_UFFD_WP,
  PTE_WRITE,
} from '../../store/engine';
import type { OrderedChanges } from '../../store/selectors/changes-by-event';
import { FrameKindCode, pageIndex, type MappingModel } from '../../store/selectors/mapping';
import { symbolize, type NamedAddr } from '../../store/selectors/symbols';
import type { Selection } from '../../store/types';
import { formatSize } from '../AddressSpace/layout';
import { present, writable } from './scene';
import { uffdModes } from './vma-labels';

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export function mapSummary(m: MappingModel, procNames: readonly string[]): string {
  const frames = m.framesInUse;
  const ptes = m.ptes;
  const live = m.procs.filter((p) => p.exists).map((p) => p.name);
  return (
    `Memory map: ${plural(live.length, 'process', 'processes')} (${live.join(', ') || procNames.join(', ')}), ` +
    `${plural(frames, 'frame')} in use, ${plural(ptes, 'present PTE')}. ` +
    'Arrow keys walk pages and frames, Enter follows a PTE, + and − zoom. The Mappings table lists every PTE.'
  );
}

export function frameKindWord(kind: number, mapcount: number): string {
  switch (kind) {
    case FrameKindCode.zero:
      return 'the zero page';
    case FrameKindCode.refpage:
      return 'a reference page';
    case FrameKindCode.shmem:
      return 'shmem';
    case FrameKindCode.anon:
      return mapcount > 1 ? 'anonymous, shared' : 'anonymous';
    default:
      return 'free';
  }
}

/** Every page that maps pfn, as "main p, child p". */
export function mappersText(
  m: MappingModel,
  pfn: number,
  names: readonly NamedAddr[],
  max = 6,
): string {
  const out: string[] = [];
  let total = 0;
  for (const pm of m.procs) {
    const a = pm.pfn;
    for (let i = a.indexOf(pfn); i >= 0; i = a.indexOf(pfn, i + 1)) {
      total++;
      if (out.length < max) out.push(`${pm.name} ${symbolize(addrAt(m, i), names)}`);
    }
  }
  if (total === 0) return 'no PTE';
  return total > out.length ? `${out.join(', ')} and ${total - out.length} more` : out.join(', ');
}

function addrAt(m: MappingModel, i: number): number {
  let seg = m.axis.segments[0]!;
  for (const s of m.axis.segments) if (s.i0 <= i) seg = s;
  return seg.start + (i - seg.i0) * m.axis.pageSize;
}

export function describeSelection(
  m: MappingModel,
  sel: Selection | null,
  names: readonly NamedAddr[],
): string {
  if (!sel) return '';
  if (sel.kind === 'frame') {
    const kind = m.frames.kind[sel.pfn] ?? 0;
    if (!kind) return `Selected: pfn ${sel.pfn}, free.`;
    const mc = m.frames.mapcount[sel.pfn]!;
    return `Selected: pfn ${sel.pfn}, ${frameKindWord(kind, mc)}, mapcount ${mc}, mapped by ${mappersText(m, sel.pfn, names)}.`;
  }
  const row = m.procs.findIndex((p) => p.name === sel.proc);
  const ps = m.axis.pageSize;
  const i = pageIndex(m.axis, Math.floor(sel.addr / ps) * ps);
  const where = `page ${symbolize(Math.floor(sel.addr / ps) * ps, names)} of ${sel.proc}`;
  if (row < 0 || i < 0) return `Selected: ${where}, not mapped.`;
  const pfn = m.procs[row]!.pfn[i]!;
  const bits = m.procs[row]!.bits[i]!;
  const page = Math.floor(sel.addr / ps) * ps;
  const vma = m.procs[row]!.vmas.find((v) => page >= v.start && page < v.end);
  const modes = vma ? uffdModes(vma) : null;
  const uffd = modes ? ` It is in a range registered with userfaultfd (${modes}).` : '';
  if (pfn < 0) return `Selected: ${where}, no frame (the first access faults).${uffd}`;
  const kind = m.frames.kind[pfn] ?? 0;
  return `Selected: ${where} → pfn ${pfn} (${frameKindWord(kind, m.frames.mapcount[pfn] ?? 0)}), ${bits & 2 ? 'writable' : 'read-only'}.${uffd}`;
}

export interface ChangeSentence {
  phase: number;
  text: string;
}

/**
 * What the step changed, one sentence per change, in the order its events made them: the first
 * `limit` sentences, and how many there are (a 1 GiB populate lists 4,096 changes; only the first
 * few are read, so only those are written).
 */
export function changeSentences(
  c: OrderedChanges,
  names: readonly NamedAddr[],
  limit = Infinity,
): { sentences: ChangeSentence[]; total: number } {
  const at = (a: number) => symbolize(a, names);
  // `rank` orders the changes one event made: the fault first, then the PTE, then the counts it
  // moved (the kernel sets or clears the PTE, then adds or removes the rmap: wp_page_copy,
  // zap_present_pte), then a VMA that came or went with it.
  const out: { phase: number; rank: number; text: () => string }[] = [];
  const add = (phase: number, rank: number, text: () => string) => out.push({ phase, rank, text });
  for (const k of c.marks) add(k.phase, 0, () => `${k.proc} ${at(k.addr)}: ${k.label}`);
  for (const f of c.frames) {
    if (f.kind === 'allocated') {
      const how =
        f.copiedFrom !== undefined
          ? f.fill === 'zero'
            ? `zeroed (replacing pfn ${f.copiedFrom})`
            : f.fill === 'memset'
              ? `filled with pfn ${f.copiedFrom}'s pattern (memset)`
              : `a copy of pfn ${f.copiedFrom}${f.copiedFromAddr !== undefined ? ` (${at(f.copiedFromAddr)}, by UFFDIO_COPY)` : ''}`
          : f.fill === 'copy'
            ? f.copiedFromAddr !== undefined
              ? `a copy of ${at(f.copiedFromAddr)} (UFFDIO_COPY)`
              : 'filled by a copy'
            : f.fill === 'memset'
              ? 'filled by memset'
              : 'zeroed';
      add(f.phase, 1, () => `pfn ${f.pfn} allocated: ${how}`);
    } else if (f.kind === 'freed') add(f.phase, 3, () => `pfn ${f.pfn} freed`);
    else if (f.kind === 'counts' && f.before && f.after && f.before.mapcount !== f.after.mapcount)
      add(f.phase, 3, () => `pfn ${f.pfn}: mapcount ${f.before!.mapcount} → ${f.after!.mapcount}`);
    const tags = f.after ? tagChange(f.before?.tags ?? null, f.after.tags) : null;
    if (tags) add(f.tagsPhase ?? f.phase, 3, () => `pfn ${f.pfn}: MTE ${tags}`);
  }
  for (const l of c.links) {
    if (l.movedAway) continue;
    if (present(l.before) || present(l.after) || l.kind === 'marker')
      add(l.phase, 2, () => linkSentence(l, at));
  }
  for (const b of c.blocks)
    add(b.phase, 4, () =>
      b.kind === 'blocked'
        ? `${b.proc} thread ${b.thread} asleep on ${at(b.addr)} (handle_userfault)`
        : `${b.proc} thread ${b.thread} woken from ${at(b.addr)}`,
    );
  for (const v of c.vmas) {
    const size = formatSize(v.end - v.start);
    add(v.phase, 4, () =>
      v.kind === 'gone'
        ? `${v.proc} ${at(v.start)}: ${size} no longer mapped (its VMA is gone)`
        : `${v.proc} ${at(v.start)}: ${size} newly mapped (a new VMA)`,
    );
  }
  out.sort((a, b) => a.phase - b.phase || a.rank - b.rank);
  return {
    sentences: out.slice(0, limit).map((x) => ({ phase: x.phase, text: x.text() })),
    total: out.length,
  };
}

/**
 * "tags set (2 granules now tag 3)", "tags cleared", or null when no granule's tag changed (a
 * frame never tagged has tags null: every granule tag 0).
 */
export function tagChange(before: string | null, after: string | null): string | null {
  if (before === after) return null;
  const a = before ?? '';
  const b = after ?? '';
  let changed = 0;
  const now = new Set<string>();
  for (let g = 0; g < Math.max(a.length, b.length); g++) {
    const y = b[g] ?? '0';
    if ((a[g] ?? '0') === y) continue;
    changed++;
    now.add(y);
  }
  if (changed === 0) return null;
  if (!/[^0]/.test(b)) return 'tags cleared';
  const list = [...now].sort();
  return `tags set (${plural(changed, 'granule')} now tag ${list.slice(0, 3).join(', ')}${list.length > 3 ? ', …' : ''})`;
}

const wpOf = (pte: number) => ((pte % 256) & (PTE_UFFD_WP | PTE_MARKER_UFFD_WP)) !== 0;

/**
 * "uffd-wp set" or "uffd-wp cleared" when a step changed a PTE's uffd-wp bit (UFFDIO_WRITEPROTECT,
 * or do_wp_page clearing it under WP_ASYNC), else null: the map draws the bit as a bar on the page,
 * and the words must say it too.
 */
export function uffdWpChange(before: number, after: number): string | null {
  if (wpOf(before) === wpOf(after)) return null;
  return wpOf(after) ? 'uffd-wp set' : 'uffd-wp cleared';
}

/**
 * What a protection change did to a PTE, in the words the map's pill and the Mappings table both
 * use: the write bit ("now writable", "now read-only") and uffd-wp, each named when it changed (a
 * UFFDIO_WRITEPROTECT that clears uffd-wp and makes the PTE writable says both); null when
 * neither changed (only the accessed or dirty bit did). `short` drops the "now" (the pill has the
 * width of a page or two: "writable, uffd-wp cleared").
 */
export function protectionWords(before: number, after: number, short = false): string | null {
  const wp = uffdWpChange(before, after);
  if (((after % 256) & PTE_WRITE) === ((before % 256) & PTE_WRITE)) return wp;
  const rw = `${short && wp ? '' : 'now '}${(after % 256) & PTE_WRITE ? 'writable' : 'read-only'}`;
  return wp ? `${rw}, ${wp}` : rw;
}

/** What happened to a PTE that holds no page before or after: a PTE marker set or removed. */
export function markerChange(before: number, after: number): string {
  if ((after % 256) & PTE_MARKER_POISON) return 'poison marker set';
  if ((after % 256) & PTE_MARKER_UFFD_WP) return 'uffd-wp marker set (no page yet)';
  if ((before % 256) & PTE_MARKER_POISON) return 'poison marker removed';
  if ((before % 256) & PTE_MARKER_UFFD_WP) return 'uffd-wp marker removed';
  return 'PTE marker changed';
}

function linkSentence(l: OrderedChanges['links'][number], at: (a: number) => string): string {
  const page = `${l.proc} ${at(l.addr)}`;
  const rw = (pte: number) => (writable(pte) ? 'writable' : 'read-only');
  switch (l.kind) {
    case 'added':
      return l.movedFrom !== undefined
        ? `${page}: PTE moved here from ${at(l.movedFrom)}, still pfn ${ptePfn(l.after)}`
        : `${page}: new PTE → pfn ${ptePfn(l.after)} (${rw(l.after)})`;
    case 'removed':
      return `${page}: PTE to pfn ${ptePfn(l.before)} removed`;
    case 'repointed':
      return `${page}: PTE re-pointed from pfn ${ptePfn(l.before)} to pfn ${ptePfn(l.after)} (${rw(l.after)})`;
    case 'protection': {
      const wp = uffdWpChange(l.before, l.after);
      if (writable(l.before) !== writable(l.after))
        return `${page}: PTE to pfn ${ptePfn(l.after)} now ${rw(l.after)}${wp ? `, ${wp}` : ''}`;
      return wp
        ? `${page}: PTE to pfn ${ptePfn(l.after)} ${wp}`
        : `${page}: PTE flags changed (pfn ${ptePfn(l.after)})`;
    }
    case 'marker':
      return `${page}: ${markerChange(l.before, l.after)}`;
  }
}
