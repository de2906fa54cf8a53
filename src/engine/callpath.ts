/**
 * Call chains (an event's `path`) made once and shared. A fault takes the same chain millions of
 * times, an event's path is never written, and a run keeps its events (every state reachable,
 * issue 9): one frozen array per distinct chain instead of one per event saves the time to build
 * it and the memory to keep it.
 */
const longer = new WeakMap<readonly string[], Map<string, string[]>>();
const EMPTY: string[] = Object.freeze([]) as unknown as string[];

/** The shared chain `chain` followed by `fn` (chain must be shared too, or a literal once). */
export function call(chain: readonly string[], fn: string): string[] {
  let m = longer.get(chain);
  if (!m) longer.set(chain, (m = new Map()));
  let next = m.get(fn);
  if (!next) m.set(fn, (next = Object.freeze([...chain, fn]) as unknown as string[]));
  return next;
}

/** The shared chain `chain` followed by `fns`. */
function calls(chain: readonly string[], ...fns: readonly string[]): string[] {
  let c = chain as string[];
  for (const fn of fns) c = call(c, fn);
  return c;
}

/** The shared chain of these functions. */
export function chain(...fns: readonly string[]): string[] {
  return calls(EMPTY, ...fns);
}
