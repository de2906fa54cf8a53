/**
 * The kernel configuration faultline models is said once in the code (engine/kernel/config.ts),
 * shown by the explanation view, and told in docs/kernel-config.md: the doc's table must say
 * exactly what the code says (code spans aside), setting by setting.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODELLED_CONFIG } from '../../engine';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('docs/kernel-config.md', () => {
  it('lists every setting faultline models, with the same words as engine/kernel/config.ts', () => {
    const doc = readFileSync(join(root, 'docs/kernel-config.md'), 'utf8');
    const rows = doc
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) =>
        l
          .slice(1, -1)
          .split(' | ')
          .map((cell) => cell.replace(/`/g, '').trim()),
      );
    expect(rows).toEqual(MODELLED_CONFIG.map((c) => [c.name, c.modelled, c.means, c.otherwise]));
  });
});
