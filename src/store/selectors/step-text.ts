/**
 * One step as a line of the text form (`mmap(NULL, 128K, PROT_READ|PROT_WRITE, MAP_PRIVATE, rfd, 0)`),
 * for the results table, the timeline's tooltips and the explanation. The editor shows the real
 * printer's output; this is a display-only sketch that never needs to parse back.
 */
import type { ScenarioDocument, Step } from '../engine';

/** Positional arguments per call, in the kernel's order (format section 3). */
const ARGS: Record<string, string[]> = {
  mmap: ['addr', 'length', 'prot', 'flags', 'fd', 'offset'],
  munmap: ['addr', 'length'],
  mprotect: ['addr', 'length', 'prot'],
  mremap: ['old_address', 'old_size', 'new_size', 'flags', 'new_address'],
  madvise: ['addr', 'length', 'advice'],
  memfd_create: ['name', 'flags'],
  ftruncate: ['fd', 'length'],
  close: ['fd'],
  fork: [],
  exit: ['status'],
  load: ['addr', 'length'],
  store: ['addr', 'bytes'],
  pagemap: ['addr', 'length'],
  rss: [],
  refpage_create: ['content', 'size', 'flags'],
  userfaultfd: ['flags'],
  ioctl: ['fd', 'request'],
  read: ['fd', 'count'],
  poll: ['fd', 'timeout'],
  prctl: ['option', 'arg'],
  stg: ['addr', 'length'],
  ldg: ['addr', 'length'],
  repeat: ['count'],
};
const COMMON = new Set(['do', 'as', 'thread', 'proc', 'note', 'expect', 'steps', 'say', 'ask']);
const STRINGY = new Set(['content', 'bytes', 'fill', 'name']);

function show(key: string, v: unknown): string {
  if (v === undefined || v === null) return key === 'addr' ? 'NULL' : '';
  if (typeof v === 'string') return STRINGY.has(key) ? JSON.stringify(v) : v;
  if (typeof v === 'number') return key === 'addr' && v === 0 ? 'NULL' : String(v);
  return JSON.stringify(v);
}

export function stepText(step: Step): string {
  const rec = step as unknown as Record<string, unknown>;
  const order = ARGS[step.do] ?? [];
  const parts: string[] = [];
  for (const k of order) {
    if (step.do === 'store' && k === 'bytes' && rec.bytes === undefined) continue;
    if (k === 'content' && rec.content === undefined && rec.content_addr !== undefined) {
      parts.push(show('content_addr', rec.content_addr));
      continue;
    }
    const v = rec[k];
    if (v === undefined && (k === 'addr' || k === 'fd' || k === 'offset')) {
      if (step.do === 'mmap') parts.push(k === 'addr' ? 'NULL' : k === 'fd' ? '-1' : '0');
      continue;
    }
    if (v !== undefined) parts.push(show(k, v));
  }
  for (const [k, v] of Object.entries(rec)) {
    if (COMMON.has(k) || order.includes(k) || k === 'content_addr') continue;
    parts.push(`${k}=${show(k, v)}`);
  }
  const call = `${step.do}(${parts.join(', ')})`;
  return step.as && step.do !== 'repeat' ? `${step.as} = ${call}` : call;
}

/** The step a record's `path` (`steps/6`, `steps/2/steps/0`) names, or null. */
export function stepAtPath(doc: ScenarioDocument, path: string): Step | null {
  const parts = path.split('/');
  let list: Step[] | undefined = doc.steps;
  let step: Step | null = null;
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i] !== 'steps' || !list) return null;
    step = list[Number(parts[i + 1])] ?? null;
    if (!step) return null;
    list = step.do === 'repeat' ? step.steps : undefined;
  }
  return step;
}
