/**
 * Which rows of the "Mappings" table are on screen. The table builds at most ROWS_SHOWN rows (a
 * 1 GiB run with a page written every 2 MiB has 512; a scattered one can have far more), so it
 * opens at the window that holds the selected page, else the first page the step at the cursor
 * changed; "Earlier rows" and "Later rows" page through the rest. A page with no row (not present)
 * leaves the window at the top.
 */
import type { OrderedChanges } from '../../store/selectors/changes-by-event';
import type { MappingModel } from '../../store/selectors/mapping';
import type { NamedAddr } from '../../store/selectors/symbols';
import type { Selection } from '../../store/types';
import { mappingRows, type MappingRow, type RowFocus } from './mappings';

export const ROWS_SHOWN = 200;

export interface TableWindow {
  rows: MappingRow[];
  total: number;
  /** The number of the first row shown (0-based). */
  from: number;
}

/** The pages the table follows, in order of preference: the selection, then the step's change. */
export function focusOf(selection: Selection | null, changes: OrderedChanges): RowFocus[] {
  const out: RowFocus[] = [];
  if (selection?.kind === 'page') out.push({ proc: selection.proc, addr: selection.addr });
  const changed = changes.links.find((l) => !l.movedAway);
  if (changed) out.push({ proc: changed.proc, addr: changed.addr });
  return out;
}

/**
 * The rows to show: from row `from` when the reader paged there, else the window that holds the
 * first focus page that has a row (that row a quarter of the way down), else the first rows.
 */
export function tableWindow(
  model: MappingModel,
  names: readonly NamedAddr[],
  changes: OrderedChanges,
  focus: readonly RowFocus[],
  from: number | null,
  limit = ROWS_SHOWN,
): TableWindow {
  if (from !== null) {
    const { rows, total } = mappingRows(model, names, changes, { from, limit });
    return { rows, total, from };
  }
  const first = mappingRows(model, names, changes, { limit, focus });
  const at = first.focusAt.find((x) => x !== null) ?? null;
  if (at === null || at < limit) return { rows: first.rows, total: first.total, from: 0 };
  const start = Math.max(0, Math.min(first.total - limit, at - Math.floor(limit / 4)));
  const { rows, total } = mappingRows(model, names, changes, { from: start, limit });
  return { rows, total, from: start };
}
