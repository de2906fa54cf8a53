/**
 * Readable output of `faultline run`: one line per record, the step as its text form writes it,
 * what it returned, and the engine's account in brackets:
 *   #3 main/main  load(p + 0x1000) = 00   [fault handle_mm_fault; zero_page_mapped do_anonymous_page]
 * A step's events past EVENTS_SHOWN are folded into counts by kind, as the app's explanation does
 * (a 128 MiB store is one line, not 65,536 events).
 */
import type { LeafStep } from '../scenario/types';
import type { StepResult } from '../engine/result';
import type { RunOutput } from '../engine/api';
import type { EngineEvent } from '../engine/events';
import { stepText } from '../crosscheck/step-text';

function outcome(r: StepResult): string {
  const parts: string[] = [];
  if (r.blocked) parts.push('… blocked');
  if (r.ret !== undefined) parts.push(`= ${r.ret}${r.errno ? ` ${r.errno}` : ''}`);
  if (r.value !== undefined) parts.push(`= ${r.value}`);
  if (r.signal) parts.push(`→ ${r.signal} (${r.si_code ?? '?'})`);
  if (r.out)
    parts.push(
      `out ${Object.entries(r.out)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  if (r.pages !== undefined)
    parts.push(`pages ${r.pages}${r.uffd_wp && /w/.test(r.uffd_wp) ? ` wp ${r.uffd_wp}` : ''}`);
  if (r.rss) parts.push(`rss anon=${r.rss.anon} file=${r.rss.file} shmem=${r.rss.shmem}`);
  if (r.msgs) {
    const msgs = r.msgs.map((m) => {
      const fields = Object.entries(m)
        .filter(([k]) => k !== 'event')
        .map(([k, v]) => `${k}=${v}`);
      return `${m.event.replace(/^UFFD_EVENT_/, '')}(${fields.join(' ')})`;
    });
    parts.push(`msgs [${msgs.join(', ')}]`);
  }
  return parts.join(' ');
}

function eventText(e: EngineEvent): string {
  return `${e.kind.replace(/_/g, ' ')} ${e.fn}`;
}

/** Events a line lists one by one; the rest are counted by kind. */
export const EVENTS_SHOWN = 32;

/**
 * The events in brackets: the first EVENTS_SHOWN, then "…and N more: 512 pte cleared, 512 frame
 * freed" (a `summary` event stands for `count` events of its kind that the engine folded).
 */
function eventsText(events: readonly EngineEvent[]): string {
  const shown = events.slice(0, EVENTS_SHOWN).map(eventText);
  if (events.length > EVENTS_SHOWN) {
    const byKind = new Map<string, number>();
    let more = 0;
    for (let i = EVENTS_SHOWN; i < events.length; i++) {
      const e = events[i]!;
      const kind = e.kind === 'summary' ? e.of : e.kind;
      const n = e.kind === 'summary' ? e.count : 1;
      byKind.set(kind, (byKind.get(kind) ?? 0) + n);
      more += n;
    }
    const counts = [...byKind].map(
      ([k, n]) => `${n.toLocaleString('en-US')} ${k.replace(/_/g, ' ')}`,
    );
    shown.push(`…and ${more.toLocaleString('en-US')} more: ${counts.join(', ')}`);
  }
  return shown.join('; ');
}

export function describeRecord(r: StepResult, step: LeafStep | undefined): string {
  const call = step ? stepText(step) : r.do;
  const head = `#${r.seq} ${r.proc}/${r.thread}  ${r.resumed ? '(resumed) ' : ''}${call}`;
  const result = outcome(r);
  const events = r.events?.length ? `   [${eventsText(r.events)}]` : '';
  return `${head}${result ? ' ' + result : ''}${events}`;
}

const n = (x: number) => x.toLocaleString('en-US');

/**
 * `faultline run --summary`: the run's counters (state.stats), then one closing line with the
 * steps executed and how the run ended.
 */
export function summaryLines(
  run: Pick<RunOutput, 'stats' | 'error' | 'failures'> & { steps: number; records: number },
  file: string,
): string[] {
  const st = run.stats;
  const faults = Object.entries(st.faults).sort(([a], [b]) => (a < b ? -1 : 1));
  const total = faults.reduce((a, [, c]) => a + c, 0);
  const kinds = faults.map(([k, c]) => `${k.replace(/_/g, ' ')} ${n(c)}`).join(', ');
  const ended = run.error
    ? `stopped: ${run.error.message}`
    : run.failures.length
      ? `finished; ${n(run.failures.length)} expectation${run.failures.length === 1 ? '' : 's'} failed`
      : 'finished; every expectation held';
  return [
    `faults    ${n(total)}${kinds ? ` (${kinds})` : ''}`,
    `frames    ${n(st.framesAllocated)} allocated, ${n(st.framesFreed)} freed; peak RSS ${n(st.peakRss)} pages`,
    `bytes     ${n(st.bytesZeroed)} zeroed, ${n(st.bytesCopied)} copied, ${n(st.bytesMemset)} memset, ${n(st.bytesStoredByUser)} stored by the program`,
    `${file}: ${n(run.steps)} steps, ${n(run.records)} records, ${ended}`,
  ];
}
