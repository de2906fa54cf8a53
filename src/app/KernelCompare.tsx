/**
 * The compare view (issue 10): the scenario run on two kernel lines side by side, the steps whose
 * results differ marked. The table loads when the dialog first opens (kept out of the first view).
 */
import { lazy, Suspense, useState } from 'react';
import { Dialog } from './Dialog';

const KernelCompareTable = lazy(() => import('./KernelCompareTable'));

export function KernelCompare() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        title="Run this scenario on two Linux versions and see which steps differ"
      >
        Compare kernels
      </button>
      <Dialog open={open} title="Compare kernels" onClose={() => setOpen(false)}>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <KernelCompareTable onGo={() => setOpen(false)} />
        </Suspense>
      </Dialog>
    </>
  );
}
