/**
 * A page object for the faultline app: every control found by its role and accessible name, the
 * names issue 4 promises ("Step forward", the "Timeline" slider, the view regions) and issue 8's
 * ("Page-table walk", "Classroom").
 */
import { expect, type Locator, type Page } from '@playwright/test';

export const REGIONS = [
  'Memory map',
  'Address space',
  'Physical frames',
  'Tag granules',
  'Timeline',
  'Explanation',
  'Inspector',
  'Page-table walk',
  'Editor',
] as const;

export class AppPage {
  readonly errors: string[] = [];
  constructor(readonly page: Page) {
    page.on('pageerror', (err) => this.errors.push(err.message));
  }

  async open(path = '/'): Promise<this> {
    await this.page.goto(path);
    await expect(this.slider).toBeVisible();
    return this;
  }

  region(name: (typeof REGIONS)[number] | 'Counters' | 'Breakpoints' | 'Results'): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }
  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }
  get slider(): Locator {
    return this.page.getByRole('slider', { name: 'Timeline' });
  }
  get explanation(): Locator {
    return this.region('Explanation');
  }
  get inspector(): Locator {
    return this.region('Inspector');
  }
  get walk(): Locator {
    return this.region('Page-table walk');
  }
  /** Enters classroom mode through its button and waits for its layout. */
  async enterClassroom(): Promise<void> {
    await this.button('Classroom').click();
    await expect(this.page.locator('html')).toHaveAttribute('data-classroom', 'true');
    await expect(this.button('Classroom')).toHaveAttribute('aria-pressed', 'true');
  }
  /** Whether the page scrolls, horizontally or vertically. */
  async scrolls(): Promise<{ x: boolean; y: boolean }> {
    return this.page.evaluate(() => {
      const d = document.scrollingElement ?? document.documentElement;
      return { x: d.scrollWidth > d.clientWidth, y: d.scrollHeight > d.clientHeight };
    });
  }

  async cursor(): Promise<number> {
    return Number(await this.slider.inputValue());
  }
  async expectCursor(n: number): Promise<void> {
    await expect(this.slider).toHaveValue(String(n));
  }
  async stepForward(times = 1): Promise<void> {
    for (let i = 0; i < times; i++) await this.button('Step forward').click();
  }
  async goTo(seq: number): Promise<void> {
    await this.slider.fill(String(seq));
    await this.expectCursor(seq);
  }
  /** Selects a page by typing its scenario name into "Go to address". */
  async selectAddress(text: string): Promise<void> {
    const space = this.region('Address space');
    await space.getByLabel('Go to address').fill(text);
    await space.getByRole('button', { name: 'Go', exact: true }).click();
  }
}
