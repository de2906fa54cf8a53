/**
 * The Counters region: what the run has cost so far (RSS, faults by kind, bytes the kernel zeroed,
 * copied or memset, bytes user code stored), at the cursor, with the step's own change beside
 * each. These are the numbers a lesson compares (memset vs a reference page).
 */
import { useApp } from '../../store/react';
import { selectPrevState, selectState } from '../../store/select';
import { formatSize } from '../AddressSpace/layout';
import type { EngineState } from '../../store/engine';

interface Row {
  label: string;
  value: number;
  prev: number;
  bytes?: boolean;
}

function rows(s: EngineState, p: EngineState | null): Row[] {
  const st = s.stats;
  const ps = p?.stats;
  const out: Row[] = [];
  for (const name of s.procOrder) {
    const rss = s.procs[name]?.mm.rss;
    const prss = p?.procs[name]?.mm.rss;
    if (!rss) continue;
    out.push({ label: `RSS ${name} (anon)`, value: rss.anon, prev: prss?.anon ?? 0 });
    if (rss.file || prss?.file)
      out.push({ label: `RSS ${name} (file)`, value: rss.file, prev: prss?.file ?? 0 });
    if (rss.shmem || prss?.shmem)
      out.push({ label: `RSS ${name} (shmem)`, value: rss.shmem, prev: prss?.shmem ?? 0 });
  }
  const kinds = new Set([...Object.keys(st.faults), ...Object.keys(ps?.faults ?? {})]);
  for (const k of [...kinds].sort()) {
    out.push({ label: `faults: ${k}`, value: st.faults[k] ?? 0, prev: ps?.faults[k] ?? 0 });
  }
  out.push(
    { label: 'frames allocated', value: st.framesAllocated, prev: ps?.framesAllocated ?? 0 },
    { label: 'frames freed', value: st.framesFreed, prev: ps?.framesFreed ?? 0 },
    {
      label: 'bytes zeroed by the kernel',
      value: st.bytesZeroed,
      prev: ps?.bytesZeroed ?? 0,
      bytes: true,
    },
    {
      label: 'bytes copied by the kernel',
      value: st.bytesCopied,
      prev: ps?.bytesCopied ?? 0,
      bytes: true,
    },
    {
      label: 'bytes memset by the kernel',
      value: st.bytesMemset,
      prev: ps?.bytesMemset ?? 0,
      bytes: true,
    },
    {
      label: 'bytes stored by user code',
      value: st.bytesStoredByUser,
      prev: ps?.bytesStoredByUser ?? 0,
      bytes: true,
    },
    { label: 'peak RSS (pages)', value: st.peakRss, prev: ps?.peakRss ?? 0 },
  );
  return out;
}

export function Counters() {
  const state = useApp(selectState);
  const prev = useApp(selectPrevState);
  if (!state) return <p className="muted">No run.</p>;
  return (
    <table className="counters">
      <caption className="visually-hidden">Counters at the cursor</caption>
      <tbody>
        {rows(state, prev).map((r) => {
          const d = r.value - r.prev;
          return (
            <tr key={r.label} className={d !== 0 ? 'changed' : undefined}>
              <th scope="row">{r.label}</th>
              <td className="num">
                {r.bytes && r.value >= 1024 ? `${r.value} (${formatSize(r.value)})` : r.value}
              </td>
              <td className="num delta">{d !== 0 ? `${d > 0 ? '+' : ''}${d}` : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
