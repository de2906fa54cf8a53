/**
 * Which address the Page-table walk shows, and the walk itself, as one stable selector value: the
 * selected page (or granule) when there is one, else the page the step at the cursor touched
 * first in its own process, so the walk follows a lesson without a click.
 */
import type { AppState } from '../types';
import { selectPrevState, selectRecord, selectState } from '../select';
import { pageWalk, type PageWalk } from './walk';
import { addrNames, symbolize } from './symbols';

export interface WalkTarget {
  walk: PageWalk;
  /** The address as the scenario names it: p+0x1000. */
  label: string;
  /** True when nothing is selected and the walk follows the step at the cursor. */
  following: boolean;
}

/** The first address the step's own record touched, in its own process (and its MTE tag). */
function touchedAddr(s: AppState): { proc: string; addr: number; tag?: number } | null {
  const r = selectRecord(s);
  if (!r) return null;
  const check = r.events.find((e) => e.kind === 'tag_check');
  const tag = check?.kind === 'tag_check' ? check.ptrTag : undefined;
  for (const e of r.events) {
    if (e.kind === 'page_moved') return { proc: r.proc, addr: e.to };
    if ('addr' in e && typeof e.addr === 'number') return { proc: r.proc, addr: e.addr, tag };
  }
  return null;
}

const cache = new WeakMap<object, { key: string; value: WalkTarget | null }>();

export function selectWalk(s: AppState): WalkTarget | null {
  const state = selectState(s);
  if (!state) return null;
  const sel = s.selection;
  let target: { proc: string; addr: number; tag?: number } | null = null;
  let following = false;
  if (sel && sel.kind === 'page') target = { proc: sel.proc, addr: sel.addr + (sel.offset ?? 0) };
  else if (sel && sel.kind === 'granule')
    target = { proc: sel.proc, addr: sel.addr + sel.granule * 16 };
  else if (!sel) {
    target = touchedAddr(s);
    following = target !== null;
  }
  if (!target || !state.procs[target.proc]) return null;
  const key = `${s.cursor}|${target.proc}|${target.addr}|${target.tag}|${following}`;
  const hit = cache.get(state);
  if (hit && hit.key === key) return hit.value;
  const walk = pageWalk(state, selectPrevState(s), target.proc, target.addr, target.tag);
  const value = walk
    ? { walk, label: symbolize(target.addr, addrNames(state.bindings)), following }
    : null;
  cache.set(state, { key, value });
  return value;
}
