import { useActions, useApp } from '../store/react';
import { Dialog } from './Dialog';
import { SHORTCUTS } from './keyboard';

export function HelpDialog() {
  const open = useApp((s) => s.helpOpen);
  const { helpToggled } = useActions();
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={() => helpToggled(false)}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Click a page in the address space, or type an address such as <code>p+0x2000</code> into “Go
        to address”, to select it; the frames, inspector and tag views follow the selection.
      </p>
    </Dialog>
  );
}
