/**
 * Where the memory map writes each VMA's label, and in which form. A label may run past its own
 * pages up to the next VMA of the row, so a one-page VMA beside a large one keeps a name, and it is
 * written in the longest form that fits whole ("p 4 KiB rw-p anonymous", "p 4 KiB rw-p",
 * "p 4 KiB", "p"), never cut to an ellipsis or to nothing while a shorter form fits. Pure: the
 * painter passes its text measure.
 *
 * A range registered with userfaultfd says so in every form but the bare name ("p 16 KiB rw-p
 * anonymous · uffd missing", …, "p · uffd"), and the painter draws its bracket apart (uffdModes).
 */
import { VM_UFFD_MINOR, VM_UFFD_MISSING, VM_UFFD_WP, type Vma } from '../../store/engine';

/** The userfaultfd modes a VMA is registered for ("missing+wp"), or null when it is not. */
export function uffdModes(v: Vma): string | null {
  if (v.uffd === null) return null;
  const modes = [
    v.flags & VM_UFFD_MISSING ? 'missing' : '',
    v.flags & VM_UFFD_WP ? 'wp' : '',
    v.flags & VM_UFFD_MINOR ? 'minor' : '',
  ].filter(Boolean);
  return modes.join('+') || 'registered';
}

/** The label's forms with the userfaultfd registration added (forms: longest first). */
export function withUffd(v: Vma, forms: readonly string[]): string[] {
  const modes = uffdModes(v);
  if (modes === null) return [...forms];
  const last = forms.length - 1;
  return [
    ...forms.map((f, k) =>
      k === 0 ? `${f} · uffd ${modes}` : k < last ? `${f} · uffd` : `${f} uffd`,
    ),
    forms[last]!,
  ];
}

/** A VMA on screen: its left and right edges (clipped to the plot) and its label's forms. */
export interface LabelSpan {
  x0: number;
  x1: number;
  forms: readonly string[];
}

export interface PlacedLabel {
  x: number;
  text: string;
}

/** Labels for spans in screen order; `right` is where the row ends. A span with no room gets none. */
export function placeVmaLabels(
  spans: readonly LabelSpan[],
  right: number,
  measure: (text: string) => number,
): (PlacedLabel | null)[] {
  return spans.map((s, k) => {
    const next = spans.slice(k + 1).find((n) => n.x0 > s.x0);
    const room = Math.min(next ? next.x0 : right, right) - s.x0 - 4;
    if (room < 8) return null;
    const text = s.forms.find((f) => f && measure(f) <= room);
    return text ? { x: s.x0 + 2, text } : null;
  });
}
