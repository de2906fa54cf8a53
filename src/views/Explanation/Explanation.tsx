/**
 * The Explanation region: what the step at the cursor did, in plain sentences, and the kernel
 * functions that did it, each linking to its source on elixir.bootlin.com (links only: nothing is
 * fetched). The headline is announced to screen readers as the cursor moves.
 */
import { useMemo } from 'react';
import { useApp } from '../../store/react';
import { selectRecords, selectState } from '../../store/select';
import { explain, KERNEL_VERSION, sourceLink } from '../../store/selectors/explain';
import { stepAtPath, stepText } from '../../store/selectors/step-text';
import { addrNames } from '../../store/selectors/symbols';
import { LessonNotes } from './LessonNotes';
import { KernelConfig } from './KernelConfig';
import { hiddenPaths } from '../../store/lesson';

export function Explanation() {
  const records = useApp(selectRecords);
  const state = useApp(selectState);
  const doc = useApp((s) => s.doc);
  const eventIndex = useApp((s) => s.eventIndex);
  const answers = useApp((s) => s.answers);
  const ex = useMemo(() => {
    const own = records.find((r) => !r.resumed) ?? null;
    // A lesson's question hides what its step did until the student has answered it.
    if (own && hiddenPaths(doc, answers).has(own.path))
      return {
        ex: {
          headline: `Step ${own.seq}: answer the question below to see what this step did.`,
          sentences: [],
          chain: [],
          more: null,
        },
        note: undefined,
      };
    const step = own ? stepAtPath(doc, own.path) : null;
    const names = state ? addrNames(state.bindings) : [];
    return {
      ex: explain(
        own,
        records.filter((r) => r.resumed),
        step ? stepText(step) : null,
        names,
      ),
      note: step?.note,
    };
  }, [records, state, doc, answers]);

  return (
    <div className="explanation">
      <p className="headline" aria-live="polite" aria-atomic="true">
        {ex.ex.headline}
      </p>
      {ex.note && <p className="step-note">{ex.note}</p>}
      <LessonNotes />
      <ol className="sentences">
        {ex.ex.sentences.map((s, i) => (
          <li
            key={i}
            className={s.event !== null && s.event === eventIndex ? 'current-event' : undefined}
            aria-current={s.event !== null && s.event === eventIndex ? 'step' : undefined}
          >
            {s.text}
          </li>
        ))}
      </ol>
      {ex.ex.more && (
        <p className="muted">
          …and {ex.ex.more.count.toLocaleString('en')} more events:{' '}
          {Object.entries(ex.ex.more.byKind)
            .map(([k, n]) => `${n.toLocaleString('en')} ${k.replace(/_/g, ' ')}`)
            .join(', ')}
          .
        </p>
      )}
      {ex.ex.chain.length > 0 && (
        <nav aria-label="Kernel functions" className="chain">
          <span className="muted">Kernel ({KERNEL_VERSION}): </span>
          {ex.ex.chain.map((fn, i) => {
            const { url, origin } = sourceLink(fn);
            return (
              <span key={fn}>
                {i > 0 && <span aria-hidden="true"> → </span>}
                {origin === 'refpage-patch' && url ? (
                  <a
                    href={url}
                    target="_blank"
                    rel="noopener noreferrer"
                    title="from the refpage_create patch (v5), never merged: opens the patch"
                  >
                    <code>{fn}</code>*
                  </a>
                ) : url ? (
                  <a href={url} target="_blank" rel="noopener noreferrer">
                    <code>{fn}</code>
                  </a>
                ) : (
                  <code title="done by the CPU, not by a kernel function">{fn}</code>
                )}
              </span>
            );
          })}
        </nav>
      )}
      <KernelConfig version={KERNEL_VERSION} />
    </div>
  );
}
