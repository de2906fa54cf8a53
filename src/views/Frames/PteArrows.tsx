/**
 * Arrows from the PTEs that map the selected frame to the frame, with the frame's refcount and
 * mapcount: fork's sharing and copy-on-write's split are visible as arrows converging or parting.
 */
import type { EngineState } from '../../store/engine';
import { frameAt, mappersOf, pteFlags } from '../../store/selectors/pages';
import { addrNames, symbolize } from '../../store/selectors/symbols';
import { frameStyleOf } from './styles';

const MAX = 8;
const ROW = 30;

export function PteArrows({ state, pfns }: { state: EngineState; pfns: number[] }) {
  const pfn = pfns[0];
  if (pfn === undefined)
    return <p className="muted">Select a page or a frame to see which PTEs map it.</p>;
  const frame = frameAt(state, pfn);
  if (!frame) return <p className="muted">pfn {pfn} is free at this step.</p>;
  const names = addrNames(state.bindings);
  const mappers = mappersOf(state, pfn);
  const shown = mappers.slice(0, MAX);
  const st = frameStyleOf(frame);
  const h = Math.max(1, shown.length) * ROW + 10;
  const fy = h / 2;
  return (
    <div className="pte-arrows">
      <p className="frame-facts">
        <strong>pfn {pfn}</strong> · {st.label} · refcount {frame.refcount} · mapcount{' '}
        {frame.mapcount}
        {frame.inode !== null && ` · shmem inode ${frame.inode} index ${frame.index}`}
      </p>
      <svg
        width="100%"
        height={h}
        viewBox={`0 0 420 ${h}`}
        preserveAspectRatio="xMinYMin meet"
        aria-hidden="true"
      >
        <defs>
          <marker
            id="pte-arrow"
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L8,4 L0,8 z" className="arrow-head" />
          </marker>
        </defs>
        {shown.map((m, i) => {
          const y = 5 + i * ROW + ROW / 2;
          const flags = pteFlags(m.pte)
            .filter((f) => f.on)
            .map((f) => f.name)
            .join(' ');
          return (
            <g key={`${m.proc}-${m.addr}`}>
              <rect x={2} y={y - 11} width={236} height={22} rx={3} className="pte-box" />
              <text x={8} y={y + 4} className="pte-text">
                {m.proc} {symbolize(m.addr, names)} [{flags}]
              </text>
              <path
                d={`M238,${y} C280,${y} 280,${fy} 318,${fy}`}
                className="pte-link"
                markerEnd="url(#pte-arrow)"
              />
            </g>
          );
        })}
        <rect
          x={320}
          y={fy - 14}
          width={96}
          height={28}
          rx={3}
          className="frame-box"
          style={{ fill: `var(${st.cssVar})` }}
        />
        <text x={368} y={fy + 4} textAnchor="middle" className="frame-text">
          {st.letter} pfn {pfn}
        </text>
      </svg>
      <ul className="visually-hidden">
        {mappers.map((m) => (
          <li key={`${m.proc}-${m.addr}`}>
            PTE of {m.proc} at {symbolize(m.addr, names)} maps pfn {pfn}
          </li>
        ))}
      </ul>
      {mappers.length === 0 && (
        <p className="muted">No PTE maps it (held by the page cache or a reference).</p>
      )}
      {mappers.length > MAX && <p className="muted">and {mappers.length - MAX} more PTEs</p>}
    </div>
  );
}
