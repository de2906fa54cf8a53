/** The page legend: colour, pattern and letter for each kind, so no kind is told by colour alone. */
import { PAGE_KIND_NAMES } from '../../store/selectors/pages';
import { OVERLAY_STYLES, PAGE_STYLES } from '../common/kinds';

export function Legend() {
  return (
    <ul className="legend" aria-label="Page legend">
      {PAGE_KIND_NAMES.map((k) => {
        const st = PAGE_STYLES[k];
        return (
          <li key={k} title={st.description}>
            <span
              className={`swatch pat-${st.pattern}`}
              style={{ background: `var(${st.cssVar})` }}
              aria-hidden="true"
            >
              {st.letter}
            </span>
            {st.label} <span className="muted">({st.letter})</span>
          </li>
        );
      })}
      {Object.entries(OVERLAY_STYLES).map(([k, st]) => (
        <li key={k} title={st.description}>
          <span className={`swatch overlay-${k}`} aria-hidden="true">
            {st.letter}
          </span>
          {st.label} <span className="muted">({st.letter})</span>
        </li>
      ))}
    </ul>
  );
}
