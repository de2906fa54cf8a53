/**
 * wake_userfault (fs/userfaultfd.c): wake the threads whose fault lies in [start, start+len) of a
 * context (len 0: every one, as userfaultfd_release does). Their messages leave the wait queues,
 * read or not; each thread retries its access at once (kernel/wake.ts), and may fault again.
 */
import type { Tx } from '../tx';
import { wakeRange } from '../kernel/wake';
import { dropWokenFaults } from './userfaultfd';

export function wakeUserfault(tx: Tx, ctxId: number, start: number, len: number): number {
  dropWokenFaults(tx, ctxId, start, len);
  return wakeRange(tx, ctxId, start, len === 0 ? Number.MAX_SAFE_INTEGER : len);
}
