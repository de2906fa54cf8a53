/**
 * Narration as a lesson writes it (docs/scenario-format.md, "Lessons"): plain text, `code` spans,
 * and kernel functions that link to their source through the same links as the explanation's
 * chain. Every character is text: nothing from a document or a link is ever HTML.
 */
import { Fragment } from 'react';
import { narrationParts } from '../../scenario/lesson';
import { sourceUrl } from '../../store/selectors/explain';

function Line({ text }: { text: string }) {
  return (
    <>
      {narrationParts(text).map((p, i) => {
        if (p.kind === 'text') return <Fragment key={i}>{p.text}</Fragment>;
        const url = p.fn ? sourceUrl(p.fn) : null;
        return url ? (
          <a
            key={i}
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            title={`${p.fn}: its source`}
          >
            <code>{p.text}</code>
          </a>
        ) : (
          <code key={i}>{p.text}</code>
        );
      })}
    </>
  );
}

/** One paragraph per line of the text. */
export function Narration({ text, className }: { text: string; className?: string }) {
  return (
    <>
      {text.split('\n').map((line, i) =>
        line.trim() === '' ? null : (
          <p key={i} className={className}>
            <Line text={line} />
          </p>
        ),
      )}
    </>
  );
}

/** Inline narration (a prompt, a choice): no paragraph of its own. */
export function NarrationInline({ text }: { text: string }) {
  return <Line text={text} />;
}
