/** Frame tables made by hand, for tests and synthetic states. */
import type { Frame, FrameTable } from '../state';
import { ZERO_PFN } from '../state';
import { initialFrames, setSlot } from '../mm/page_alloc';

/** A frame table holding exactly the given frames (for tests and synthetic states). */
export function buildFrameTable(total: number, frames: Record<number, Frame>): FrameTable {
  const ft = initialFrames(total);
  let used = 0;
  let next = 1;
  for (const [k, f] of Object.entries(frames)) {
    const pfn = Number(k);
    setSlot(null, ft, pfn, f);
    if (pfn !== ZERO_PFN) used++;
    next = Math.max(next, pfn + 1);
  }
  return { ...ft, used, next };
}
