/**
 * The gallery of built-in lessons (issue 12): search, levels and tags; each lesson opens at its
 * first step, in the app or in the projector layout. The lessons load when the gallery first
 * opens (one chunk, kept out of the first view). A student's progress comes from this browser.
 */
import { useEffect, useState } from 'react';
import { useActions, useApp } from '../store/react';
import type { BuiltinLesson } from '../lessons/catalog';
import { Dialog } from './Dialog';
import { loadBuiltinLessons } from './lessons';

type GalleryView = typeof import('./Gallery').Gallery;
type Loaded = { lessons: readonly BuiltinLesson[]; Gallery: GalleryView };

/** The lessons and the gallery's code, loaded together when the dialog first opens. */
function useBuiltinLessons(open: boolean): Loaded | { error: string } | null {
  const [lessons, setLessons] = useState<Loaded | { error: string } | null>(null);
  useEffect(() => {
    if (!open || lessons) return;
    let live = true;
    Promise.all([loadBuiltinLessons(), import('./Gallery')]).then(
      ([l, m]) => live && setLessons({ lessons: l, Gallery: m.Gallery }),
      (e: unknown) => live && setLessons({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [open, lessons]);
  return lessons;
}

export function LessonsDialog() {
  const open = useApp((s) => s.lessonsOpen);
  const { lessonsToggled } = useActions();
  const lessons = useBuiltinLessons(open);
  return (
    <Dialog open={open} title="Lessons" onClose={() => lessonsToggled(false)}>
      {lessons === null ? (
        <p role="status">Loading the lessons…</p>
      ) : 'error' in lessons ? (
        <p role="alert">The lessons could not be loaded: {lessons.error}</p>
      ) : (
        <lessons.Gallery lessons={lessons.lessons} />
      )}
    </Dialog>
  );
}
