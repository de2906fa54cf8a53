/** Frame kinds: colour variable and letter (zero page and reference pages are marked Z and R). */
import type { Frame } from '../../store/engine';

export interface FrameStyle {
  key: string;
  label: string;
  letter: string;
  cssVar: string;
}

export const FRAME_STYLES: Record<string, FrameStyle> = {
  zero: { key: 'zero', label: 'zero page', letter: 'Z', cssVar: '--k-zero' },
  refpage: { key: 'refpage', label: 'reference page', letter: 'R', cssVar: '--k-refpage' },
  anon: { key: 'anon', label: 'anonymous', letter: 'A', cssVar: '--k-private' },
  anonShared: { key: 'anonShared', label: 'anonymous, shared', letter: 'A', cssVar: '--k-shared' },
  shmem: { key: 'shmem', label: 'shmem', letter: 'S', cssVar: '--k-shmem' },
};

export function frameStyleOf(f: Frame): FrameStyle {
  if (f.kind === 'anon' && f.mapcount > 1) return FRAME_STYLES.anonShared!;
  return FRAME_STYLES[f.kind] ?? FRAME_STYLES.anon!;
}
