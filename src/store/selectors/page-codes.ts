/**
 * The page codes of pages.ts (kind | overlay bits, one byte a page) read from the memory map's
 * model (mapping.ts) instead of the page tables. The model is patched step by step with ptDiff and
 * frameDiff, so a step over a 1 GiB mapping costs one pass over typed arrays here, not a page-table
 * walk plus a frame lookup for each of its 262,144 pages (what vmaPageCodes does when the mm or the
 * frame table changed, which every fault does). Same rules as pteKind; a test checks the two agree
 * on every state of every lesson.
 */
import {
  PTE_MARKER_POISON,
  PTE_MARKER_UFFD_WP,
  PTE_PRESENT,
  PTE_SPECIAL,
  PTE_UFFD_WP,
  ZERO_PFN,
  type Vma,
} from '../engine';
import { pageIndex, type FrameArrays, type MappingModel, type ProcMap } from './mapping';
import { PAGE_BLOCKED, PAGE_WP, PageKind } from './pages';

const cache = new WeakMap<ProcMap, WeakMap<FrameArrays, Uint8Array>>();

/** One code per page of the model's axis for process k (threads blocked on pages not included). */
export function procPageCodes(model: MappingModel, k: number): Uint8Array {
  const pm = model.procs[k]!;
  const frames = model.frames;
  let inner = cache.get(pm);
  if (!inner) cache.set(pm, (inner = new WeakMap()));
  const hit = inner.get(frames);
  if (hit) return hit;
  const { bits, pfn } = pm;
  const { mapcount, kind, n } = frames;
  const codes = new Uint8Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]!;
    if (b === 0) continue;
    if (!(b & PTE_PRESENT)) {
      codes[i] =
        b & PTE_MARKER_POISON
          ? PageKind.poison
          : PageKind.none | (b & PTE_MARKER_UFFD_WP ? PAGE_WP : 0);
      continue;
    }
    const q = pfn[i]!;
    const wp = b & PTE_UFFD_WP ? PAGE_WP : 0;
    if (b & PTE_SPECIAL) codes[i] = (q === ZERO_PFN ? PageKind.zero : PageKind.refpage) | wp;
    // pteKind: a frame with mapcount 1 is private; anything else (or no frame) reads as shared.
    else
      codes[i] =
        (q < n && kind[q] !== 0 && mapcount[q] === 1 ? PageKind.private : PageKind.shared) | wp;
  }
  inner.set(frames, codes);
  return codes;
}

/**
 * The codes of one VMA of `proc`, threads asleep on its pages marked PAGE_BLOCKED (as
 * vmaPageCodes), or null when the model does not hold the VMA (then read the page tables).
 */
export function vmaCodesOf(model: MappingModel, proc: string, vma: Vma): Uint8Array | null {
  const k = model.procs.findIndex((p) => p.name === proc);
  if (k < 0) return null;
  const { axis } = model;
  const n = Math.round((vma.end - vma.start) / axis.pageSize);
  const i0 = pageIndex(axis, vma.start);
  // The VMA must lie in one segment of the axis: its last page at the offset its first implies.
  if (i0 < 0 || (n > 0 && pageIndex(axis, vma.end - axis.pageSize) !== i0 + n - 1)) return null;
  const codes = procPageCodes(model, k).subarray(i0, i0 + n);
  const blocked = model.procs[k]!.blocked.filter((b) => b.i >= i0 && b.i < i0 + n);
  if (blocked.length === 0) return codes;
  const out = codes.slice();
  for (const b of blocked) out[b.i - i0]! |= PAGE_BLOCKED;
  return out;
}
