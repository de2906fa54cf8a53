/**
 * The built-in lessons for the app: every lessons/*.fl file, bundled into one chunk that the app
 * imports only when it needs the list (the gallery, or recognising a link to a lesson), so the
 * first view's JavaScript does not carry them.
 */
import orderText from '../../lessons/order.txt?raw';
import { assembleLessons } from './builtin';
import type { BuiltinLesson } from './catalog';

const texts = import.meta.glob('../../lessons/*.fl', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export const BUILTIN_LESSONS: readonly BuiltinLesson[] = assembleLessons(
  Object.entries(texts).map(([file, text]) => ({ path: file.replace(/^(\.\.\/)+/, ''), text })),
  orderText,
);
