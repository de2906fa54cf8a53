/**
 * The VMAs of every process as a table: the text equivalent of the canvas and its keyboard entry
 * point. Small VMAs show their pagemap letters; a row's button selects its first page.
 */
import { memo } from 'react';
import type { EngineState } from '../../store/engine';
import { useActions } from '../../store/react';
import type { MappingModel } from '../../store/selectors/mapping';
import { PAGEMAP_LETTER, PAGE_KIND_MASK, PAGE_KIND_NAMES } from '../../store/selectors/pages';
import { symbolize, type NamedAddr } from '../../store/selectors/symbols';
import { formatSize } from './layout';
import { backingName, protString, vmaCodes } from './model';

/** VMAs up to this many pages show one letter per page. */
const LETTERS_UP_TO = 256;

export const VmaTable = memo(function VmaTable({
  state,
  names,
  model,
}: {
  state: EngineState;
  names: readonly NamedAddr[];
  /** The memory map's model of `state`, which has every page's code at hand. */
  model?: MappingModel | null;
}) {
  const { selectionChanged } = useActions();
  const rows = state.procOrder.flatMap((proc) =>
    (state.procs[proc]?.mm.vmas ?? []).map((v) => ({ proc, v })),
  );
  if (rows.length === 0) return null;
  return (
    <table className="vma-table">
      <caption className="visually-hidden">Mappings (VMAs) of each process</caption>
      <thead>
        <tr>
          <th scope="col">process</th>
          <th scope="col">start</th>
          <th scope="col">size</th>
          <th scope="col">prot</th>
          <th scope="col">backing</th>
          <th scope="col">pages</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ proc, v }) => {
          const codes = vmaCodes(state, proc, v, model);
          const present = presentCount(codes);
          const letters =
            codes.length <= LETTERS_UP_TO
              ? Array.from(codes, (c) => PAGEMAP_LETTER[PAGE_KIND_NAMES[c & PAGE_KIND_MASK]!]).join(
                  '',
                )
              : null;
          return (
            <tr key={`${proc}-${v.start}`}>
              <td>{proc}</td>
              <td>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => selectionChanged({ kind: 'page', proc, addr: v.start })}
                  aria-label={`Select page ${symbolize(v.start, names)} of ${proc}`}
                >
                  {symbolize(v.start, names)}
                </button>
              </td>
              <td>{formatSize(v.end - v.start)}</td>
              <td>
                <code>{protString(v.flags)}</code>
              </td>
              <td>{backingName(v)}</td>
              <td>
                {letters !== null ? (
                  <code className="pagemap" aria-label={`pagemap ${letters}`}>
                    {letters}
                  </code>
                ) : (
                  <span>
                    {present} of {codes.length} present
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});

/** Pages with a PTE or marker among a VMA's codes, counted once per codes array (262,144 in 1 GiB). */
const presentCache = new WeakMap<Uint8Array, number>();
function presentCount(codes: Uint8Array): number {
  let n = presentCache.get(codes);
  if (n === undefined) {
    n = 0;
    for (let i = 0; i < codes.length; i++) if ((codes[i]! & PAGE_KIND_MASK) !== 0) n++;
    presentCache.set(codes, n);
  }
  return n;
}
