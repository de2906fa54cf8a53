/**
 * Memoisation keyed on immutable engine objects. States, mms and frame tables are never modified
 * once a step returns them (structural sharing), so a WeakMap keyed on them is a safe cache that
 * the garbage collector empties when a run is replaced.
 */
export function memoWeak<K extends object, V>(fn: (k: K) => V): (k: K) => V {
  const cache = new WeakMap<K, V>();
  return (k) => {
    let v = cache.get(k);
    if (v === undefined && !cache.has(k)) {
      v = fn(k);
      cache.set(k, v);
    }
    return v as V;
  };
}

/** Two-key version: the result depends on both objects (e.g. an mm and the frame table). */
export function memoWeak2<A extends object, B extends object, V>(
  fn: (a: A, b: B) => V,
): (a: A, b: B) => V {
  const cache = new WeakMap<A, WeakMap<B, V>>();
  return (a, b) => {
    let inner = cache.get(a);
    if (!inner) {
      inner = new WeakMap();
      cache.set(a, inner);
    }
    let v = inner.get(b);
    if (v === undefined && !inner.has(b)) {
      v = fn(a, b);
      inner.set(b, v);
    }
    return v as V;
  };
}
