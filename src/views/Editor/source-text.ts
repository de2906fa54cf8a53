/**
 * The editor's text: what the user typed or loaded, or else the document printed in the text form.
 * The store keeps null for "not edited" (store/types.ts, DocSlice.source) so that the printer loads
 * with the editor's chunk, not with the first view.
 */
import { printText } from '../../scenario/text-print';
import type { ScenarioDocument } from '../../scenario/types';

const printed = new WeakMap<ScenarioDocument, string>();

export function sourceText(source: string | null, doc: ScenarioDocument): string {
  if (source !== null) return source;
  let text = printed.get(doc);
  if (text === undefined) {
    try {
      text = printText(doc);
    } catch {
      // A document the text form cannot say (none is known): show its JSON rather than nothing.
      text = JSON.stringify(doc, null, 2);
    }
    printed.set(doc, text);
  }
  return text;
}
