/**
 * A step as the text form writes it (`p = mmap(NULL, PAGE, ...)`), without its process, thread,
 * expectation or note: for the CLI's readable output and the generated C's comments.
 */
import type { LeafStep } from '../scenario/types';
import { printText } from '../scenario/text';

const NOT_CALL_TEXT = new Set(['proc', 'thread', 'expect', 'note', 'say', 'ask']);

export function stepText(step: LeafStep): string {
  const bare = Object.fromEntries(Object.entries(step).filter(([k]) => !NOT_CALL_TEXT.has(k)));
  const text = printText({ faultline: 1, steps: [bare as unknown as LeafStep] }).trim();
  return text.split('\n').pop() ?? text;
}
