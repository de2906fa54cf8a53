/**
 * The editor's marks for the cursor, as a CodeMirror extension: the line of the step at the cursor
 * (with "◀ step 8 · iteration 2 of 4" at its end), the lines where blocked threads sleep, and a
 * gutter that shows, for each line that runs, the step of its first execution; clicking that
 * number (or Mod-Enter on the line) moves the cursor there. The lines come from the parser's
 * positions, so they follow the text the user sees.
 */
import {
  Prec,
  RangeSetBuilder,
  StateEffect,
  StateField,
  type Extension,
  type Text,
} from '@codemirror/state';
import {
  Decoration,
  EditorView,
  GutterMarker,
  WidgetType,
  gutter,
  keymap,
  type DecorationSet,
} from '@codemirror/view';
import type { TextPos } from './diagnostics';
import { recordPathToJsonPath } from './diagnostics';

export interface StepMarks {
  /** 1-based line → the seq of that line's first execution. */
  lineSeq: ReadonlyMap<number, number>;
  current: { line: number; label: string } | null;
  blocked: { line: number; label: string }[];
}

export const EMPTY_MARKS: StepMarks = { lineSeq: new Map(), current: null, blocked: [] };

/**
 * The marks for a text, from the parser's positions (JSON path → line) and the run's first seqs
 * (record path → seq). Pure, tested in Node.
 */
export function stepMarks(
  positions: Record<string, TextPos>,
  firstSeq: ReadonlyMap<string, number>,
  current: { path: string; label: string } | null,
  blocked: readonly { path: string; label: string }[],
): StepMarks {
  const lineSeq = new Map<number, number>();
  for (const [path, seq] of firstSeq) {
    const p = positions[recordPathToJsonPath(path)];
    if (!p) continue;
    const had = lineSeq.get(p.line);
    if (had === undefined || seq < had) lineSeq.set(p.line, seq);
  }
  const lineOf = (path: string) => positions[recordPathToJsonPath(path)]?.line ?? null;
  const cur = current ? lineOf(current.path) : null;
  return {
    lineSeq,
    current: current && cur !== null ? { line: cur, label: current.label } : null,
    blocked: blocked.flatMap((b) => {
      const line = lineOf(b.path);
      return line === null ? [] : [{ line, label: b.label }];
    }),
  };
}

class Label extends WidgetType {
  constructor(
    readonly text: string,
    readonly cls: string,
  ) {
    super();
  }
  override eq(other: Label) {
    return other.text === this.text && other.cls === this.cls;
  }
  toDOM() {
    const el = document.createElement('span');
    el.className = this.cls;
    el.textContent = this.text;
    return el;
  }
}

class SeqMarker extends GutterMarker {
  constructor(
    readonly seq: number,
    readonly current: boolean,
  ) {
    super();
  }
  override eq(other: SeqMarker) {
    return other.seq === this.seq && other.current === this.current;
  }
  override toDOM() {
    const el = document.createElement('span');
    el.className = this.current ? 'cm-seq cm-seq-current' : 'cm-seq';
    el.textContent = `${this.current ? '▶' : ''}${this.seq}`;
    el.title = `Go to step ${this.seq}, this line's first execution`;
    return el;
  }
}

export const setStepMarks = StateEffect.define<StepMarks>();

const marksField = StateField.define<StepMarks>({
  create: () => EMPTY_MARKS,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setStepMarks)) return e.value;
    // An edit moves lines under the marks; they return with the next run.
    return tr.docChanged ? EMPTY_MARKS : value;
  },
});

function decorations(doc: Text, m: StepMarks): DecorationSet {
  const byLine = new Map<number, { cls: string; labels: { text: string; cls: string }[] }>();
  const add = (line: number, cls: string, text: string, labelCls: string) => {
    if (line < 1 || line > doc.lines) return;
    const e = byLine.get(line) ?? { cls: '', labels: [] };
    e.cls = `${e.cls} ${cls}`.trim();
    e.labels.push({ text, cls: labelCls });
    byLine.set(line, e);
  };
  if (m.current) add(m.current.line, 'cm-step-current', `◀ ${m.current.label}`, 'cm-step-label');
  for (const b of m.blocked) add(b.line, 'cm-step-blocked', `‖ ${b.label}`, 'cm-blocked-label');
  const builder = new RangeSetBuilder<Decoration>();
  for (const line of [...byLine.keys()].sort((a, b) => a - b)) {
    const l = doc.line(line);
    const e = byLine.get(line)!;
    builder.add(l.from, l.from, Decoration.line({ class: e.cls }));
    for (const label of e.labels)
      builder.add(
        l.to,
        l.to,
        Decoration.widget({ widget: new Label(label.text, label.cls), side: 1 }),
      );
  }
  return builder.finish();
}

/** The extension; `go(seq)` moves the app's cursor. */
export function stepMarksExtension(go: (seq: number) => void): Extension {
  const seqAtLine = (view: EditorView, line: number) =>
    view.state.field(marksField).lineSeq.get(line);
  return [
    marksField,
    EditorView.decorations.compute([marksField], (state) =>
      decorations(state.doc, state.field(marksField)),
    ),
    gutter({
      class: 'cm-seq-gutter',
      lineMarker(view, block) {
        const line = view.state.doc.lineAt(block.from).number;
        const seq = seqAtLine(view, line);
        if (seq === undefined) return null;
        return new SeqMarker(seq, view.state.field(marksField).current?.line === line);
      },
      lineMarkerChange: (update) =>
        update.startState.field(marksField) !== update.state.field(marksField),
      domEventHandlers: {
        mousedown(view, block) {
          const seq = seqAtLine(view, view.state.doc.lineAt(block.from).number);
          if (seq === undefined) return false;
          go(seq);
          return true;
        },
      },
    }),
    // Above basicSetup's Mod-Enter (insertBlankLine): on a line that runs, go to its step.
    Prec.high(
      keymap.of([
        {
          key: 'Mod-Enter',
          run(view) {
            const line = view.state.doc.lineAt(view.state.selection.main.head).number;
            const seq = seqAtLine(view, line);
            if (seq === undefined) return false;
            go(seq);
            return true;
          },
        },
      ]),
    ),
  ];
}
