/**
 * The timeline's lanes, drawn by React from timelineLayout (D3 only computes the scale). The SVG is
 * a picture of the run for sighted users; the slider and the results table carry the same
 * information for everyone else, so the drawing is hidden from assistive technology.
 */
import { useMemo, useRef, type PointerEvent } from 'react';
import { useActions, useApp } from '../../store/react';
import { selectHits, selectTouchedSeqs } from '../../store/select';
import { useWidth } from '../common/useWidth';
import { seqAt, seqTicks, timelineLayout, type MarkKind } from './layout';

const MARK_SHAPE: Record<MarkKind, { r: number; cls: string }> = {
  signal: { r: 5.5, cls: 'mk-signal' },
  blocked: { r: 5, cls: 'mk-blocked' },
  cow: { r: 5, cls: 'mk-cow' },
  fault: { r: 4.5, cls: 'mk-fault' },
  mte: { r: 4.5, cls: 'mk-mte' },
  uffd: { r: 4.5, cls: 'mk-uffd' },
  call: { r: 3.5, cls: 'mk-call' },
};

export function Lanes() {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box, 800);
  const run = useApp((s) => s.run);
  const index = useApp((s) => s.index);
  const cursor = useApp((s) => s.cursor);
  const hits = useApp(selectHits);
  const touched = useApp(selectTouchedSeqs);
  const { cursorMoved } = useActions();
  const dragging = useRef(false);

  const layout = useMemo(
    () => (run && index ? timelineLayout(index, width) : null),
    [run, index, width],
  );
  // One hit mark per 3-pixel column: a breakpoint can hit 10^5 steps of a long run.
  const hitMarks = useMemo(() => {
    if (!layout) return [];
    const seen = new Set<number>();
    return hits.filter((h) => {
      const col = Math.floor(layout.x(h) / 3);
      if (seen.has(col)) return false;
      seen.add(col);
      return true;
    });
  }, [hits, layout]);
  if (!layout || !index) return <div ref={box} className="lanes" />;

  const laneY = (lane: number) => layout.rows[lane]?.y ?? layout.top;
  const mid = layout.laneHeight / 2;
  const toSeq = (e: PointerEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return seqAt(layout, e.clientX - rect.left, index.steps);
  };
  const cx = cursor > 0 ? layout.x(cursor) : layout.labelWidth - 2;

  return (
    <div ref={box} className="lanes">
      <svg
        width={layout.width}
        height={layout.height}
        aria-hidden="true"
        className="lanes-svg"
        onPointerDown={(e) => {
          if (e.clientX - e.currentTarget.getBoundingClientRect().left < layout.labelWidth) return;
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          cursorMoved(toSeq(e));
        }}
        onPointerMove={(e) => {
          if (dragging.current) cursorMoved(toSeq(e));
        }}
        onPointerUp={() => (dragging.current = false)}
        onPointerCancel={() => (dragging.current = false)}
      >
        <defs>
          <marker
            id="tl-arrow"
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
        {seqTicks(layout.x, index.steps).map((k) => (
          <text key={`t${k}`} x={layout.x(k)} y={11} textAnchor="middle" className="seq-tick">
            {k}
          </text>
        ))}
        {layout.rows.map((r) => (
          <g key={r.lane}>
            <rect
              x={layout.labelWidth}
              y={r.y}
              width={layout.width - layout.labelWidth - 8}
              height={layout.laneHeight - 4}
              className="lane-bg"
            />
            <text x={4} y={r.y + mid + 2} className="lane-label">
              {r.firstOfProc ? `${r.proc} · ` : '  '}
              {r.thread}
            </text>
          </g>
        ))}
        {layout.spans.map((b, i) => (
          <rect
            key={i}
            x={b.x0}
            y={laneY(b.lane) + mid - 5}
            width={b.x1 - b.x0}
            height={8}
            className="blocked-bar"
          >
            <title>{b.title}</title>
          </rect>
        ))}
        {layout.arrows.map((a, i) => (
          <line
            key={i}
            x1={a.x1}
            y1={laneY(a.fromLane) + mid - 2}
            x2={a.x2}
            y2={laneY(a.toLane) + mid - 2}
            className="msg-arrow"
            markerEnd="url(#tl-arrow)"
          >
            <title>{a.title}</title>
          </line>
        ))}
        {layout.markers.map((m) => {
          const shape = MARK_SHAPE[m.kind];
          const y = laneY(m.lane) + mid - 2;
          return (
            <g
              // a bucket keeps its place (and its node) while a growing run changes its step
              key={layout.bucketed ? `b${m.x}-${m.lane}` : `${m.seq}-${m.lane}`}
              className={`marker ${shape.cls}${m.seq === cursor ? ' at-cursor' : ''}${touched?.has(m.seq) ? ' touched' : ''}`}
            >
              {m.kind === 'signal' ? (
                <path
                  d={`M${m.x},${y - shape.r} L${m.x + shape.r},${y + shape.r} L${m.x - shape.r},${y + shape.r} z`}
                />
              ) : m.kind === 'cow' ? (
                <rect x={m.x - shape.r} y={y - shape.r} width={shape.r * 2} height={shape.r * 2} />
              ) : (
                <circle cx={m.x} cy={y} r={shape.r} />
              )}
              {!layout.bucketed &&
                m.events > 1 &&
                Array.from({ length: Math.min(m.events, 6) }, (_, i) => (
                  // One dot per event (up to six) under the step's marker.
                  <circle
                    key={i}
                    cx={m.x - 6 + i * 2.6}
                    cy={y + 9}
                    r={0.9}
                    className="event-tick"
                  />
                ))}
              <title>{`Step ${m.seq}${m.count > 1 ? ` (+${m.count - 1} more)` : ''}: ${m.kind}, ${m.events} events`}</title>
            </g>
          );
        })}
        {hitMarks.map((h) => (
          <path
            key={h}
            d={`M${layout.x(h) - 4},2 L${layout.x(h) + 4},2 L${layout.x(h)},9 z`}
            className="bp-hit"
          >
            <title>{`breakpoint hit at step ${h}`}</title>
          </path>
        ))}
        <line x1={cx} x2={cx} y1={0} y2={layout.height} className="cursor-line" />
      </svg>
    </div>
  );
}
