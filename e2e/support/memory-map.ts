/**
 * A page object for the "Memory map" region, by accessible names: the picture (a focusable
 * application named "Memory map: …"), the "Mappings" table, the step's changes in words.
 */
import { type Locator, type Page } from '@playwright/test';

export class MemoryMapPage {
  constructor(readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Memory map', exact: true });
  }
  get picture(): Locator {
    return this.region.getByRole('application');
  }
  get mappings(): Locator {
    return this.region.getByRole('table', { name: 'Mappings' });
  }
  /** What the step changed, in words. */
  get changes(): Locator {
    return this.region.getByRole('list', { name: 'What this step changed' });
  }
  /** The change(s) of the event Shift+arrows are on. */
  get currentChange(): Locator {
    return this.changes.locator('li[aria-current="step"]');
  }
  /** The selection read aloud. */
  get live(): Locator {
    return this.region.getByRole('status');
  }
  /** The Mappings row of a page, by process and by the scenario's name for its address. */
  row(proc: string, addr: string): Locator {
    return this.mappings
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name: proc, exact: true }) })
      .filter({ has: this.page.getByRole('button', { name: addr, exact: true }) });
  }

  /** The cells of that row, to compare column by column. */
  cells(proc: string, addr: string): Locator {
    return this.row(proc, addr).getByRole('cell');
  }

  /**
   * Runs `action` and times the map's paints until it is still again: how many frames it drew
   * and how long from the first to the last.
   */
  async timeStep(action: () => Promise<void>): Promise<{ frames: number; ms: number }> {
    await this.page.evaluate(() => {
      const canvas = document.querySelector('.memmap-canvas');
      const w = window as unknown as { __memmapTiming: Promise<{ frames: number; ms: number }> };
      w.__memmapTiming = new Promise((resolve) => {
        const times: number[] = [];
        const on = (e: Event) => {
          times.push(performance.now());
          if (!(e as CustomEvent<{ moving: boolean }>).detail.moving) {
            canvas?.removeEventListener('memmap:frame', on);
            resolve({ frames: times.length, ms: times[times.length - 1]! - times[0]! });
          }
        };
        canvas?.addEventListener('memmap:frame', on);
      });
    });
    await action();
    return this.page.evaluate(
      () =>
        (window as unknown as { __memmapTiming: Promise<{ frames: number; ms: number }> })
          .__memmapTiming,
    );
  }

  /** The picture as it is drawn now (a PNG data URL of the canvas). */
  async pixels(): Promise<string> {
    return this.page.evaluate(() =>
      (document.querySelector('.memmap-canvas') as HTMLCanvasElement).toDataURL(),
    );
  }

  /**
   * Runs `action` and keeps every paint of the map until it is still again, as PNG data URLs:
   * the motion frame by frame. With `skip`, a click on the map lands on the first moving frame.
   */
  async paints(
    action: () => Promise<void>,
    opts: { skip?: boolean } = {},
  ): Promise<{ moving: boolean; png: string }[]> {
    await this.page.evaluate((skip) => {
      const canvas = document.querySelector('.memmap-canvas') as HTMLCanvasElement;
      const w = window as unknown as {
        __memmapPaints: Promise<{ moving: boolean; png: string }[]>;
      };
      w.__memmapPaints = new Promise((resolve) => {
        const out: { moving: boolean; png: string }[] = [];
        const on = (e: Event) => {
          const moving = (e as CustomEvent<{ moving: boolean }>).detail.moving;
          out.push({ moving, png: canvas.toDataURL() });
          // A click in the map's top-left corner, where nothing is drawn: it selects nothing.
          if (skip && out.length === 1 && moving) {
            const r = canvas.getBoundingClientRect();
            canvas.dispatchEvent(
              new MouseEvent('click', { clientX: r.left + 2, clientY: r.top + 2, bubbles: true }),
            );
          }
          if (!moving) {
            canvas.removeEventListener('memmap:frame', on);
            resolve(out);
          }
        };
        canvas.addEventListener('memmap:frame', on);
      });
    }, opts.skip ?? false);
    await action();
    return this.page.evaluate(
      () =>
        (window as unknown as { __memmapPaints: Promise<{ moving: boolean; png: string }[]> })
          .__memmapPaints,
    );
  }
}
