/**
 * Plain sentences for the step at the cursor: what happened and why, one sentence per engine
 * event (written in the engine, beside the function that emits it), plus the chain of kernel
 * functions that did it. Pure, so a lesson's wording can be tested
 * without a browser.
 */
import {
  DEFAULT_KERNEL,
  REFPAGE_PATCH_URL,
  eventSentence as engineSentence,
  nameOrigin,
  type NameOrigin,
  type EngineEvent,
  type StepResult,
} from '../engine';
import { symbolize, type NamedAddr } from './symbols';

/** The kernel version whose source the function links open (the one faultline models). */
export const KERNEL_VERSION = `v${DEFAULT_KERNEL}`;

/**
 * Where a name in an event links: mainline source at the modelled version; the refpage patch for
 * its own functions (never merged, so mainline has none of them); nothing for what the CPU does.
 */
export function sourceUrl(fn: string): string | null {
  const origin = nameOrigin(fn);
  if (origin === 'refpage-patch') return REFPAGE_PATCH_URL;
  if (origin === 'cpu' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(fn)) return null;
  return `https://elixir.bootlin.com/linux/${KERNEL_VERSION}/A/ident/${fn}`;
}

/** A name of the chain with where it comes from and where it links. */
export function sourceLink(fn: string): { url: string | null; origin: NameOrigin } {
  return { url: sourceUrl(fn), origin: nameOrigin(fn) };
}

export interface Explanation {
  headline: string;
  sentences: { text: string; event: number | null }[];
  chain: string[];
  /** Events past the ones told in full, counted by kind (a populate of 1 GiB has 786,432). */
  more: { count: number; byKind: Record<string, number> } | null;
}

/** Sentences told in full; the rest of a huge step is summarised by kind. */
export const MAX_SENTENCES = 40;

/**
 * The sentence for one event. Each kind's sentence lives beside the engine function that emits it
 * (src/engine/sentences.ts gathers them); this only supplies the names addresses are written with.
 */
export function eventSentence(e: EngineEvent, names: readonly NamedAddr[]): string {
  return engineSentence(e, (a) => symbolize(a, names));
}

export function explain(
  record: StepResult | null,
  resumed: readonly StepResult[],
  call: string | null,
  names: readonly NamedAddr[],
): Explanation {
  if (!record) {
    return {
      headline: 'Before the first step: nothing has run yet.',
      sentences: [{ text: 'Step forward to run the scenario one call at a time.', event: null }],
      chain: [],
      more: null,
    };
  }
  const who = record.thread === 'main' ? record.proc : `${record.proc}/${record.thread}`;
  let outcome = '';
  if (record.errno) outcome = ` failed with ${record.errno}`;
  else if (record.blocked) outcome = ' blocked';
  else if (record.signal) outcome = ` was stopped by ${record.signal}`;
  else if (record.value !== undefined) outcome = ` read ${String(record.value)}`;
  else if (record.pages !== undefined) outcome = ` shows ${record.pages}`;
  else if (record.ret !== undefined) outcome = ` returned ${String(record.ret)}`;
  const headline = `Step ${record.seq} (${who}): ${call ?? record.do}${outcome}.`;
  const sentences: Explanation['sentences'] = [];
  let more: Explanation['more'] = null;
  let i = 0;
  const chain: string[] = [];
  const addFn = (fn: string) => {
    if (!chain.includes(fn)) chain.push(fn);
  };
  for (const r of [record, ...resumed]) {
    if (r.resumed)
      sentences.push({
        text: `${r.proc}/${r.thread}'s blocked ${r.do} (step ${r.seq}) resumed.`,
        event: null,
      });
    for (const e of r.events) {
      if (i < MAX_SENTENCES) {
        sentences.push({ text: eventSentence(e, names), event: i });
        for (const fn of e.path ?? []) addFn(fn);
        addFn(e.fn);
      } else {
        more ??= { count: 0, byKind: {} };
        // A summary stands for `count` events of its kind that the engine folded (tx.ts).
        const kind = e.kind === 'summary' ? e.of : e.kind;
        const n = e.kind === 'summary' ? e.count : 1;
        more.count += n;
        more.byKind[kind] = (more.byKind[kind] ?? 0) + n;
      }
      i++;
    }
  }
  if (record.events.length === 0 && resumed.length === 0) {
    sentences.push({
      text: 'Nothing happened inside the memory manager for this call.',
      event: null,
    });
  }
  return { headline, sentences, chain, more };
}
