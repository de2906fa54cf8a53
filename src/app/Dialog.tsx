/** A modal dialog on the native <dialog> element: focus trapping and Escape come from the browser. */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Dialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} aria-labelledby={id} onClose={props.onClose} className="dialog">
      <header className="dialog-head">
        <h2 id={id}>{props.title}</h2>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </header>
      {props.open && props.children}
    </dialog>
  );
}
