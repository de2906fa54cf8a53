/** A step's result (format section 5) as short label/value pairs for tables and the explanation. */
import type { StepResult } from '../engine';

export interface ResultPart {
  label: string;
  value: string;
}

export function resultParts(r: StepResult): ResultPart[] {
  const out: ResultPart[] = [];
  if (r.ret !== undefined) out.push({ label: 'ret', value: String(r.ret) });
  if (r.errno) out.push({ label: 'errno', value: r.errno });
  if (r.out) {
    for (const [k, v] of Object.entries(r.out)) out.push({ label: k, value: String(v) });
  }
  if (r.value !== undefined) out.push({ label: 'value', value: String(r.value) });
  if (r.pages !== undefined) out.push({ label: 'pages', value: r.pages });
  if (r.uffd_wp !== undefined) out.push({ label: 'uffd_wp', value: r.uffd_wp });
  if (r.rss) {
    out.push({
      label: 'rss',
      value: `anon ${r.rss.anon}, file ${r.rss.file}, shmem ${r.rss.shmem}`,
    });
  }
  if (r.msgs) {
    for (const m of r.msgs) {
      const fields = Object.entries(m)
        .filter(([k]) => k !== 'event')
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ');
      out.push({ label: 'msg', value: `${m.event}${fields ? ' ' + fields : ''}` });
    }
  }
  if (r.signal)
    out.push({ label: 'signal', value: r.si_code ? `${r.signal} (${r.si_code})` : r.signal });
  return out;
}

/** blocked / resumed, as words. */
export function resultStatus(r: StepResult): string {
  if (r.blocked) return 'blocked';
  if (r.resumed) return 'resumed';
  return '';
}
