/**
 * What an event says, in one plain sentence (issue 13). Each event kind's sentence is written next
 * to the kernel function that emits it, where it can be read against that function and its source;
 * sentences.ts gathers them, one per kind, and the explanation view only reads them from there.
 * A sentence states the kernel's rule as the function applies it, never more than the source says.
 */
import type { EngineEvent, EventKind } from './events';

/** How a sentence writes an address: the caller's names (`p+0x2000`), or hex. */
export type AddrText = (addr: number) => string;

export type Sentence<K extends EventKind> = (
  e: Extract<EngineEvent, { kind: K }>,
  at: AddrText,
) => string;

/** A tag as the Arm ARM writes it: one hex digit. */
export const hexDigit = (n: number): string => n.toString(16);
