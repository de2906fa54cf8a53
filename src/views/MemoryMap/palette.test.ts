import { describe, expect, it } from 'vitest';
import { readableOn } from './palette';

describe('readableOn', () => {
  it('writes white on dark markers and black on bright ones', () => {
    expect(readableOn('#b00020')).toBe('#fff'); // the light theme's blocked red
    expect(readableOn('#0033a0')).toBe('#fff'); // classroom light's accent
    expect(readableOn('#ff4d4d')).toBe('#000'); // classroom dark's blocked red
    expect(readableOn('#ffd400')).toBe('#000'); // classroom dark's accent
    expect(readableOn('#7fb0ff')).toBe('#000'); // the dark theme's accent
    expect(readableOn('#fff')).toBe('#000');
  });

  it('falls back to white for a colour it cannot read', () => {
    expect(readableOn('rgb(1, 2, 3)')).toBe('#fff');
  });
});
