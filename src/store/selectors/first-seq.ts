/**
 * Where each step of the document first ran: record path (`steps/2/steps/0`, and every enclosing
 * repeat's `steps/2`) → the seq of its first execution. Built once per run; the editor uses it to
 * move the cursor to the step of a line.
 */
import type { RunOutput } from '../engine';
import { memoWeak } from './memo';

export const firstSeqByPath = memoWeak((run: RunOutput): ReadonlyMap<string, number> => {
  const out = new Map<string, number>();
  for (const r of run.records) {
    if (r.resumed) continue;
    // The step's own path, then each repeat around it: cut at every `/steps/`.
    let p = r.path;
    for (;;) {
      if (!out.has(p)) out.set(p, r.seq);
      const cut = p.lastIndexOf('/steps/');
      if (cut < 0) break;
      p = p.slice(0, cut);
    }
  }
  return out;
});
