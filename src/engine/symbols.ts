/**
 * Addresses in results are printed relative to the nearest named mapping at or below them
 * (format section 5), so a simulated run and a real one compare field by field.
 */
import type { EngineState } from './state';

export function symbolize(s: EngineState, addr: number): string {
  let best: string | null = null;
  let bestAddr = -1;
  let bestSeq = -1;
  for (const [name, b] of Object.entries(s.bindings)) {
    if (b.kind !== 'addr' || b.value > addr) continue;
    if (b.value > bestAddr || (b.value === bestAddr && b.seq > bestSeq)) {
      best = name;
      bestAddr = b.value;
      bestSeq = b.seq;
    }
  }
  if (best === null) return '0x' + addr.toString(16);
  const off = addr - bestAddr;
  return off === 0 ? best : `${best}+0x${off.toString(16)}`;
}
