/**
 * Addresses named as the scenario names them (`p`, `p+0x2000`), as the format's results do
 * (section 5: relative to the nearest named mapping at or below the address).
 */
import type { EngineState } from '../engine';
import { memoWeak } from './memo';

export interface NamedAddr {
  name: string;
  value: number;
}

/** The scenario's address bindings, sorted by value (ties: the latest bound name first). */
export const addrNames = memoWeak((bindings: EngineState['bindings']): NamedAddr[] => {
  const out: (NamedAddr & { seq: number })[] = [];
  for (const [name, b] of Object.entries(bindings)) {
    if (b.kind === 'addr') out.push({ name, value: b.value, seq: b.seq });
  }
  // Ties: the latest binding wins, as the engine's own symbolize does.
  out.sort((a, b) => a.value - b.value || b.seq - a.seq);
  return out.map(({ name, value }) => ({ name, value }));
});

export function hex(n: number): string {
  return '0x' + n.toString(16);
}

/** `p+0x2000` for an address at or above a named one, else plain hex. */
export function symbolize(addr: number, names: readonly NamedAddr[]): string {
  let best: NamedAddr | null = null;
  for (const n of names) {
    if (n.value <= addr && (!best || n.value > best.value)) best = n;
  }
  if (!best) return hex(addr);
  const off = addr - best.value;
  return off === 0 ? best.name : `${best.name}+${hex(off)}`;
}

/** Parses what a user types into "Go to address": `p`, `p+0x2000`, `0x7f…`, `p + 2*PAGE`. */
export function parseAddress(
  text: string,
  names: readonly NamedAddr[],
  pageSize: number,
): number | null {
  const src = text.trim();
  if (!src) return null;
  const tokens = src.match(/0[xX][0-9a-fA-F]+|\d+[KMG]?|[A-Za-z_][A-Za-z0-9_]*|[-+*()/]|\S/g);
  if (!tokens) return null;
  let pos = 0;
  const lookup = (name: string): number | null => {
    if (name === 'PAGE') return pageSize;
    const n = names.find((x) => x.name === name);
    return n ? n.value : null;
  };
  const primary = (): number | null => {
    const t = tokens[pos++];
    if (t === undefined) return null;
    if (t === '(') {
      const v = sum();
      if (tokens[pos++] !== ')') return null;
      return v;
    }
    if (/^0[xX]/.test(t)) return parseInt(t, 16);
    const m = /^(\d+)([KMG]?)$/.exec(t);
    if (m)
      return Number(m[1]) * ({ '': 1, K: 1024, M: 1 << 20, G: 1 << 30 } as const)[m[2] as '' | 'K'];
    if (/^[A-Za-z_]/.test(t)) return lookup(t);
    return null;
  };
  const product = (): number | null => {
    let v = primary();
    while (v !== null && (tokens[pos] === '*' || tokens[pos] === '/')) {
      const op = tokens[pos++];
      const r = primary();
      if (r === null) return null;
      v = op === '*' ? v * r : Math.floor(v / r);
    }
    return v;
  };
  const sum = (): number | null => {
    let v = product();
    while (v !== null && (tokens[pos] === '+' || tokens[pos] === '-')) {
      const op = tokens[pos++];
      const r = product();
      if (r === null) return null;
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  const v = sum();
  return v !== null && pos === tokens.length && Number.isFinite(v) && v >= 0 ? v : null;
}
