/**
 * The compare dialog's Web Worker: runs one scenario on two kernel lines (store/selectors/
 * kernel-compare.ts) off the page's main thread, so a long compare never freezes the page (issue 9)
 * and the engine's whole-run code stays out of the first view's script. One message in, one out.
 */
import { compareKernels, type KernelComparison } from '../store/selectors/kernel-compare';
import type { KernelVersion, ScenarioDocument } from '../scenario/types';

export interface CompareRequest {
  doc: ScenarioDocument;
  a: KernelVersion;
  b: KernelVersion;
}
export type CompareReply = { result: KernelComparison } | { failed: string };

const scope = self as unknown as {
  postMessage(msg: CompareReply): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<CompareRequest>) => void): void;
};

scope.addEventListener('message', ({ data }) => {
  try {
    scope.postMessage({ result: compareKernels(data.doc, data.a, data.b) });
  } catch (err) {
    scope.postMessage({ failed: (err as Error).message });
  }
});
