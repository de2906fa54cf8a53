/**
 * The cross-check's C files, bundled by Vite (`?raw`): how the generator gets them in the browser
 * (the app's "export as C"). Under Node, `#crosscheck/c-files` resolves to c-files.node.ts instead.
 */
const FILES = import.meta.glob(['./runtime/*.{c,h}', './x86_64/*.{c,h}', './arm64/*.{c,h}'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** The text of a C file, by its path under src/crosscheck (`runtime/driver.c`). */
export function cFile(path: string): string {
  const text = FILES[`./${path}`];
  if (text === undefined) throw new Error(`the C file ${path} is not in this build`);
  return text;
}

/** Every bundled C file's path (for the test that this bundle and the disk agree). */
export function bundledCFiles(): string[] {
  return Object.keys(FILES).map((k) => k.slice(2));
}
