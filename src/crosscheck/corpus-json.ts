/**
 * The corpus's JSON layout: the document's fields one per line, and each step on a line of its
 * own, so that a diff of a re-blessed scenario shows which step's outcome changed.
 */
import type { ScenarioDocument, Step } from '../scenario/types';

/** One line, spaced as the rest of the corpus writes it: `{ "do": "load", "addr": "p" }`. */
export function inlineJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(inlineJson).join(', ')}]`;
  if (v && typeof v === 'object') {
    const fields = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inlineJson(x)}`);
    return fields.length ? `{ ${fields.join(', ')} }` : '{}';
  }
  return JSON.stringify(v);
}

function stepJson(step: Step, indent: string): string {
  if (step.do !== 'repeat') return indent + inlineJson(step);
  const { steps, ...rest } = step;
  const head = inlineJson(rest).slice(0, -2);
  const body = steps.map((s) => stepJson(s, indent + '  ')).join(',\n');
  return `${indent}${head}, "steps": [\n${body}\n${indent}] }`;
}

export function corpusJson(doc: ScenarioDocument): string {
  const { steps, ...rest } = doc;
  const head = Object.entries(rest).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const body = steps.map((s) => stepJson(s, '    ')).join(',\n');
  return `{\n${head.join(',\n')},\n  "steps": [\n${body}\n  ]\n}\n`;
}
