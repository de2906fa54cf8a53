/**
 * The status line: a short message (link copied, breakpoint not found, …) announced politely and
 * shown over the bottom of the page, so it never pushes the views around, then cleared by itself.
 */
import { useEffect } from 'react';
import { useActions, useApp } from '../store/react';

/** Long enough to read a sentence twice. */
export const STATUS_MS = 6000;

export function StatusLine() {
  const status = useApp((s) => s.status);
  const seq = useApp((s) => s.statusSeq);
  const { statusShown } = useActions();
  useEffect(() => {
    if (!status) return;
    const t = window.setTimeout(() => statusShown(''), STATUS_MS);
    return () => window.clearTimeout(t);
    // seq: the same message shown again starts its time again.
  }, [status, seq, statusShown]);
  return (
    <p role="status" className={status ? 'app-status' : 'app-status empty'}>
      {status}
    </p>
  );
}
