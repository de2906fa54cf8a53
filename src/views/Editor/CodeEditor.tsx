/**
 * The scenario editor on CodeMirror 6, loaded lazily (basicSetup is ~164 KB gz). CodeMirror owns
 * its DOM inside a host div that React leaves empty. Typing re-runs the simulation after a pause;
 * errors are underlined at their line:column; a broken edit keeps the last good run on screen.
 */
import { useEffect, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { EditorView } from '@codemirror/view';
import { EditorState } from '@codemirror/state';
import { autocompletion } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { parseTextWithPositions } from '../../scenario/text';
import { loadScenario } from '../../scenario/load';
import { answerLeaks } from '../../scenario/lesson-quality';
import { useActions, useApp } from '../../store/react';
import { completeFaultline, faultlineHighlight, faultlineLanguage } from './language';
import { diagnostics, type TextPos } from './diagnostics';
import { setStepMarks, stepMarks, stepMarksExtension } from './stepMarks';
import { selectEditorMarks } from '../../store/select';
import { sourceText } from './source-text';

const DEBOUNCE_MS = 350;

let lastText: string | null = null;
let lastPositions: Record<string, TextPos> = {};
/** The parser's positions for a text (the last one cached: the cursor moves more than the text). */
function positionsOf(text: string): Record<string, TextPos> {
  if (text === lastText) return lastPositions;
  try {
    lastPositions = parseTextWithPositions(text).positions;
  } catch {
    lastPositions = {};
  }
  lastText = text;
  return lastPositions;
}

export default function CodeEditor() {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  /** The text last sent to the store, to tell our own edits from documents loaded elsewhere. */
  const sent = useRef<string>('');
  const docError = useApp((s) => s.docError);
  const failures = useApp((s) => s.run?.failures);
  const run = useApp((s) => s.run);
  const doc = useApp((s) => s.doc);
  const source = sourceText(
    useApp((s) => s.source),
    doc,
  );
  const firstSeq = useApp((s) => s.index?.firstSeq);
  const marks = useApp(selectEditorMarks);
  const { sourceEdited, cursorMoved } = useActions();

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let timer = 0;
    sent.current = source;
    const v = new EditorView({
      parent: el,
      state: EditorState.create({
        doc: source,
        extensions: [
          basicSetup,
          faultlineLanguage,
          faultlineHighlight,
          autocompletion({ override: [completeFaultline] }),
          stepMarksExtension((seq) => cursorMoved(seq)),
          lintGutter(),
          // tabindex: axe counts the scroller's content as focusable only with an explicit tabindex.
          EditorView.contentAttributes.of({ 'aria-label': 'Scenario text', tabindex: '0' }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            window.clearTimeout(timer);
            timer = window.setTimeout(() => {
              const text = u.state.doc.toString();
              // A document loaded elsewhere arrives here too: it is not an edit, don't re-run it.
              if (text === sent.current) return;
              sent.current = text;
              // JSON or the text form; errors in the text form name line:column.
              sourceEdited(text, loadScenario);
            }, DEBOUNCE_MS);
          }),
        ],
      }),
    });
    view.current = v;
    // Line heights are measured once; measure again when the web fonts and styles have settled,
    // or the gutter's numbers drift from their lines.
    void document.fonts?.ready.then(() => v.requestMeasure());
    return () => {
      window.clearTimeout(timer);
      v.destroy();
      view.current = null;
    };
    // The editor is created once; later sources arrive through the effect below.
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // A document loaded elsewhere (a lesson, a link): replace the text.
  useEffect(() => {
    const v = view.current;
    if (!v || source === sent.current) return;
    const cur = v.state.doc.toString();
    sent.current = source;
    if (cur !== source) v.dispatch({ changes: { from: 0, to: cur.length, insert: source } });
  }, [source]);

  // Errors and failed expectations, underlined where they are.
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const text = v.state.doc.toString();
    const diags = diagnostics(text, positionsOf(text), docError, failures ?? [], answerLeaks(doc));
    v.dispatch(setDiagnostics(v.state, diags));
  }, [docError, failures, source, doc]);

  // The line of the step at the cursor, where blocked threads sleep, and each line's first step.
  // Only while the text is the one that ran: an edit that does not parse shows no marks.
  useEffect(() => {
    const v = view.current;
    if (!v || !run || !firstSeq) return;
    const text = v.state.doc.toString();
    // A later edit that did not parse or validate: the run on screen is not this text's.
    if (text !== source || (docError && docError !== run.error)) {
      v.dispatch({ effects: setStepMarks.of(stepMarks({}, new Map(), null, [])) });
      return;
    }
    const m = stepMarks(positionsOf(text), firstSeq, marks.current, marks.blocked);
    v.dispatch({ effects: setStepMarks.of(m) });
  }, [run, firstSeq, marks, source, docError]);

  return <div ref={host} className="cm-host" />;
}
