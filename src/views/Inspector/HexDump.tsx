/** A page's bytes, hexdump style: identical rows folded, stored bytes marked apart from the pattern. */
import { memo } from 'react';
import type { Frame } from '../../store/engine';
import { hexRows } from '../../store/selectors/hexdump';

export const HexDump = memo(function HexDump({
  data,
  pageSize,
}: {
  data: Frame['data'];
  pageSize: number;
}) {
  const rows = hexRows(data, pageSize);
  return (
    <pre className="hexdump" aria-label="Page contents in hex">
      {rows.map((r) => (
        <span key={r.offset} className="hex-row">
          <span className="hex-off">{r.offset.toString(16).padStart(4, '0')}</span>{' '}
          {r.bytes.map((b, i) => (
            <span key={i} className={b.stored ? 'hex-stored' : undefined}>
              {b.hex}
              {i === 7 ? '  ' : ' '}
            </span>
          ))}
          {'\n'}
          {r.repeats > 0 && (
            <span className="hex-fold">{`*     (${r.repeats} more identical row${r.repeats === 1 ? '' : 's'})\n`}</span>
          )}
        </span>
      ))}
    </pre>
  );
});
