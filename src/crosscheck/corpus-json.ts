/**
 * The corpus's JSON layout: the document's fields one per line, and each step on a line of its
 * own, so that a diff of a re-blessed scenario shows which step's outcome changed.
 */
import type { ScenarioDocument, Step } from '../scenario/types';

function stepJson(step: Step, indent: string): string {
  if (step.do !== 'repeat') return indent + JSON.stringify(step);
  const { steps, ...rest } = step;
  const head = JSON.stringify(rest).slice(0, -1);
  const body = steps.map((s) => stepJson(s, indent + '  ')).join(',\n');
  return `${indent}${head}, "steps": [\n${body}\n${indent}]}`;
}

export function corpusJson(doc: ScenarioDocument): string {
  const { steps, ...rest } = doc;
  const head = Object.entries(rest).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const body = steps.map((s) => stepJson(s, '    ')).join(',\n');
  return `{\n${head.join(',\n')},\n  "steps": [\n${body}\n  ]\n}\n`;
}
