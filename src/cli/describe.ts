/**
 * Readable output of `faultline run`: one line per record, the step as its text form writes it,
 * what it returned, and the engine's account in brackets:
 *   #3 main/main  load(p + 0x1000) = 00   [fault handle_mm_fault; zero_page_mapped do_anonymous_page]
 */
import type { LeafStep } from '../scenario/types';
import type { StepResult } from '../engine/result';
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

export function describeRecord(r: StepResult, step: LeafStep | undefined): string {
  const call = step ? stepText(step) : r.do;
  const head = `#${r.seq} ${r.proc}/${r.thread}  ${r.resumed ? '(resumed) ' : ''}${call}`;
  const result = outcome(r);
  const events = r.events?.length ? `   [${r.events.map(eventText).join('; ')}]` : '';
  return `${head}${result ? ' ' + result : ''}${events}`;
}
