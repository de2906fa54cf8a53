/**
 * A document as the JSON form writes it (two-space indent, a final newline), apart from load.ts so
 * that saving a file does not bring the text parser into the first view.
 */
import type { ScenarioDocument } from './types';

/** The JSON form, pretty-printed with two spaces and a final newline. */
export function serializeJson(doc: ScenarioDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
