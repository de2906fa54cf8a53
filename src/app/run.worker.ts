/**
 * The Web Worker the engine runs in (issue 9: the page never freezes). All it does is connect the
 * run service (store/run-service.ts) to the worker's messages.
 */
import { createRunService } from '../store/run-service';
import type { FromWorker, ToWorker } from '../store/run-protocol';

const scope = self as unknown as {
  postMessage(msg: FromWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<ToWorker>) => void): void;
};

// A message to itself yields to the worker's event loop at once (setTimeout(0) waits ≥ 4 ms once
// nested), so that a cancel posted by the page is heard between two slices.
const channel = new MessageChannel();
const queue: (() => void)[] = [];
channel.port1.onmessage = () => queue.shift()?.();

const handle = createRunService({
  post: (msg, transfer) => scope.postMessage(msg, transfer),
  later: (fn) => {
    queue.push(fn);
    channel.port2.postMessage(null);
  },
  now: () => performance.now(),
});
scope.addEventListener('message', (e) => handle(e.data));
