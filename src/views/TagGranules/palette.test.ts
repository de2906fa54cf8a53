import { describe, expect, it } from 'vitest';
import { granuleGrid, tagOf, TAG_COLORS } from './palette';

describe('tag palette', () => {
  it('has one distinct colour per tag', () => {
    expect(new Set(TAG_COLORS).size).toBe(16);
  });
  it('lays out 256 granules of a 4 KiB page as 16x16', () => {
    expect(granuleGrid(4096)).toEqual({ count: 256, cols: 16 });
    expect(granuleGrid(65536)).toEqual({ count: 4096, cols: 64 });
    expect(tagOf('0a3', 1)).toBe(10);
    expect(tagOf(null, 5)).toBe(0);
  });
});
