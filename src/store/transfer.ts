/**
 * Moving states from the engine's Web Worker to the page without losing structural sharing.
 *
 * postMessage copies what it is given (the structured clone algorithm), so posting each keyframe
 * as it is would copy the whole state every time: a 1 GiB mapping's page tables for every
 * keyframe. States share every part a step did not change (design.md: radix trees, chunked frame
 * tables), so the worker posts a keyframe as a patch against the previous keyframe it posted:
 * wherever the two share an object, the patch says SAME, and the page reuses its own copy of that
 * object. A patch is as large as what changed between the keyframes, and the page's keyframes
 * share their unchanged parts exactly as the worker's do.
 *
 * Positions are compared, not identities across the whole history: an object is SAME only where
 * the previous state had that very object at the same place (a page-table slice, a frame-table
 * chunk, a process), which is where path copying leaves shared objects.
 */

/** Marks "the object the previous state had here" (a string no state ever holds). */
export const SAME = '\u0000=';

export interface Patch {
  patch: unknown;
  /** Objects and arrays written into the patch: what the page will allocate for it. */
  nodes: number;
}

/** The patch that turns `prev` (already sent) into `next`. */
export function encodePatch(prev: unknown, next: unknown): Patch {
  let nodes = 0;
  const enc = (p: unknown, n: unknown): unknown => {
    if (n === p && p !== undefined) return typeof n === 'object' && n !== null ? SAME : n;
    if (typeof n !== 'object' || n === null) return n;
    nodes++;
    const po = (typeof p === 'object' && p !== null ? p : null) as Record<string, unknown> | null;
    if (Array.isArray(n)) {
      const pa = Array.isArray(po) ? (po as unknown[]) : null;
      const out = new Array<unknown>(n.length);
      for (let i = 0; i < n.length; i++) out[i] = enc(pa?.[i], n[i]);
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const k in n as Record<string, unknown>)
      out[k] = enc(po && !Array.isArray(po) ? po[k] : undefined, (n as Record<string, unknown>)[k]);
    return out;
  };
  const patch = enc(prev, next);
  return { patch, nodes };
}

/** The page's copy of `next`, from its copy of `prev` and the patch. */
export function applyPatch(prev: unknown, patch: unknown): unknown {
  if (patch === SAME) return prev;
  if (typeof patch !== 'object' || patch === null) return patch;
  const po = (typeof prev === 'object' && prev !== null ? prev : null) as Record<
    string,
    unknown
  > | null;
  if (Array.isArray(patch)) {
    const pa = Array.isArray(po) ? (po as unknown[]) : null;
    const out = new Array<unknown>(patch.length);
    for (let i = 0; i < patch.length; i++) out[i] = applyPatch(pa?.[i], patch[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k in patch as Record<string, unknown>)
    out[k] = applyPatch(
      po && !Array.isArray(po) ? po[k] : undefined,
      (patch as Record<string, unknown>)[k],
    );
  return out;
}
