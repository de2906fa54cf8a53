/**
 * Plain sentences for the step at the cursor: what happened and why, one sentence per engine
 * event, plus the chain of kernel functions that did it. Pure, so a lesson's wording can be tested
 * without a browser.
 */
import {
  MODELLED_KERNEL,
  REFPAGE_PATCH_URL,
  nameOrigin,
  type NameOrigin,
  type EngineEvent,
  type StepResult,
} from '../engine';
import { symbolize, type NamedAddr } from './symbols';

/** The kernel version whose source the function links open (the one faultline models). */
export const KERNEL_VERSION = `v${MODELLED_KERNEL}`;

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

const METHOD: Record<string, string> = {
  zero: 'zeroed',
  copy: 'filled by copying',
  memset: 'filled by memset of the pattern',
  gzva: 'zeroed together with its tags (DC GZVA)',
};

export function eventSentence(e: EngineEvent, names: readonly NamedAddr[]): string {
  // An event kind added to the engine after this file still reads as something.
  return sentence(e, names) ?? `${(e as { kind: string }).kind} (${e.fn})`;
}

function sentence(e: EngineEvent, names: readonly NamedAddr[]): string | undefined {
  const at = (a: number) => symbolize(a, names);
  switch (e.kind) {
    case 'fault':
      return `The CPU faulted on a ${e.write ? 'write' : 'read'} at ${at(e.addr)}: the page table had no ${e.write ? 'writable ' : ''}entry for it, so ${e.fn} took over.`;
    case 'zero_page_mapped':
      return `A read of never-written private memory maps the shared zero page (pfn ${e.pfn}) read-only at ${at(e.addr)}: nothing is allocated.`;
    case 'refpage_mapped':
      return `The read mapped the reference page (pfn ${e.pfn}) read-only at ${at(e.addr)}: every clean page of the mapping shares it, so reads cost no memory.`;
    case 'frame_allocated':
      return `A new frame, pfn ${e.pfn}, was allocated${e.addr !== undefined ? ` for ${at(e.addr)}` : ''} and ${METHOD[e.method] ?? e.method} (${e.bytes} bytes).`;
    case 'frame_freed':
      return `Frame pfn ${e.pfn} went back to the page allocator: nothing maps or holds it any more.`;
    case 'pte_mapped':
      return `The PTE for ${at(e.addr)} now maps pfn ${e.pfn} ${e.writable ? 'writable' : 'read-only'}.`;
    case 'pte_cleared':
      return `The PTE for ${at(e.addr)} was cleared (it mapped pfn ${e.pfn}).`;
    case 'cow_copied':
      return `Copy-on-write: the page at ${at(e.addr)} (pfn ${e.from}) could not be written in place, so the writer got its own copy, pfn ${e.to} (${e.method}).`;
    case 'page_reused':
      return e.fn === 'wp_page_shared'
        ? `No copy needed: the page at ${at(e.addr)} (pfn ${e.pfn}) belongs to a shared mapping, so the write just made its PTE writable.`
        : `No copy needed: nothing else holds the page at ${at(e.addr)} (pfn ${e.pfn}) — wp_can_reuse_anon_folio counts references, not mappings, and found only this one — so it was made writable in place.`;
    case 'pte_shared':
      return `fork: the private page at ${at(e.addr)} (pfn ${e.pfn}) is now shared with ${e.child}, write-protected in both, so the first write by either copies it.`;
    case 'pagecache_page':
      return `The shmem page cache ${e.created ? 'got a new page' : 'already had the page'} at index ${e.index} (pfn ${e.pfn}).`;
    case 'signal':
      return `The access at ${at(e.addr)} raised ${e.signal} (${e.si_code}); the scenario goes on as if the program caught it.`;
    case 'vma_changed':
      return `A VMA [${at(e.start)}, ${at(e.end)}) was ${e.change}.`;
    case 'process':
      return e.change === 'forked'
        ? `Process ${e.proc} was forked: it gets a copy of the page tables, not of the memory.`
        : e.change === 'exited'
          ? `Process ${e.proc} exited: its mappings went away.`
          : `Process ${e.proc} was killed by the OOM killer.`;
    case 'oom':
      return `Physical memory ran out: the OOM killer chose ${e.victim}.`;
    case 'access':
      return `The ${e.write ? 'store' : 'load'} of ${e.length} byte${e.length === 1 ? '' : 's'} at ${at(e.addr)} went through the existing PTE without a fault.`;
    case 'thread_blocked':
      return `Thread ${e.thread} of ${e.proc} now sleeps in the kernel until the userfaultfd handler resolves ${at(e.addr)}.`;
    case 'thread_woken':
      return `Thread ${e.thread} of ${e.proc} was woken: its access at ${at(e.addr)} is retried.`;
    case 'uffd_msg_queued':
      return `A ${e.event} message${e.addr !== undefined ? ` for ${at(e.addr)}` : ''} was queued on the userfaultfd, for the handler to read.`;
    case 'note':
      return e.text;
    case 'tag_check':
      return `MTE tag check (${e.mode}) at ${at(e.addr)}: pointer tag ${hexDigit(e.ptrTag)}, memory tag ${hexDigit(e.memTag)}: ${e.ok ? 'they match' : 'mismatch'}.`;
    case 'tags_set':
      return `The allocation tags of ${e.length} bytes at ${at(e.addr)} were set to ${hexDigit(e.tag)}.`;
    case 'tags_cleared':
      return `The allocation tags of pfn ${e.pfn} were cleared to 0.`;
    case 'tags_copied':
      return `The tags of pfn ${e.from} were copied to pfn ${e.to} along with its data.`;
    case 'tag_generated':
      return `IRG chose tag ${hexDigit(e.tag)} for ${at(e.addr)} from the allowed tags.`;
    case 'mte_ctrl':
      return `The thread's tagged-address control is now ${e.tagged ? 'on' : 'off'}; tag-check faults are ${e.mode}.`;
    case 'uffd_ctx':
      return e.change === 'created'
        ? `A userfaultfd context was created${e.proc ? ` for ${e.proc}` : ''}.`
        : e.change === 'enabled'
          ? 'UFFDIO_API enabled the userfaultfd: features agreed, it can now register ranges.'
          : e.change === 'forked'
            ? `fork made a new userfaultfd context for ${e.proc ?? 'the child'} (UFFD_EVENT_FORK).`
            : 'The userfaultfd context was released: its ranges are unregistered and waiters woken.';
    case 'uffd_range':
      return `[${at(e.start)}, ${at(e.end)}) was ${e.change} ${e.change === 'registered' ? 'with' : 'from'} the userfaultfd: ${e.change === 'registered' ? 'faults there now go to its handler' : 'faults there are handled by the kernel again'}.`;
    case 'uffd_filled': {
      const what = {
        copy: 'a copy of the source page',
        zeropage: 'the zero page',
        continue: 'the page cache page',
        poison: 'a poison marker',
      }[e.op];
      return `The handler filled ${at(e.addr)} with ${what}${e.pfn !== undefined ? ` (pfn ${e.pfn})` : ''}.`;
    }
    case 'page_moved':
      return `UFFDIO_MOVE moved pfn ${e.pfn} from ${at(e.from)} to ${at(e.to)} without copying it.`;
    case 'uffd_wp_changed':
      return `Userfaultfd write-protection was ${e.wp ? 'set' : 'cleared'} on [${at(e.start)}, ${at(e.end)}).`;
    case 'uffd_msg_read':
      return `The handler read a ${e.event} message${e.addr !== undefined ? ` for ${at(e.addr)}` : ''} from the userfaultfd.`;
    case 'summary':
      return `…and ${e.count.toLocaleString('en-US')} more ${e.of.replace(/_/g, ' ')} events by ${e.fn}${e.from !== undefined && e.to !== undefined ? `, from ${at(e.from)} to ${at(e.to)}` : ''}, the same way (a step lists its first 1,000 events one by one).`;
  }
  return undefined;
}

const hexDigit = (n: number) => n.toString(16);

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
