/** A named landmark around a view: tests and screen readers find each view by its exact name. */
import { useId, type ReactNode } from 'react';
import { StepPosition } from '../views/common/StepPosition';

export function Region(props: {
  name: string;
  className?: string;
  children: ReactNode;
  /** Shown beside the heading: a view's own small controls. */
  tools?: ReactNode;
  /** Hide the visible heading (the region keeps its accessible name). */
  bare?: boolean;
  /** Say which state the view shows ("after step 8: store(p, "33") in child") beside the heading. */
  position?: boolean;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id} className={`region ${props.className ?? ''}`}>
      <header className={props.bare ? 'region-head visually-hidden' : 'region-head'}>
        <h2 id={id}>{props.name}</h2>
        {props.position && (
          <span className="region-position muted">
            <StepPosition prefix="· " />
          </span>
        )}
        {props.tools && <div className="region-tools">{props.tools}</div>}
      </header>
      <div className="region-body">{props.children}</div>
    </section>
  );
}
