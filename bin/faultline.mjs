#!/usr/bin/env node
// `npx faultline …` straight after `npm ci`, no build step. The CLI is TypeScript (src/cli/main.ts),
// which reads process.argv itself (argv is left untouched here) and sets the exit code.
//
// Starting it through tsx compiles every module on each start (about 0.6 s of CPU, more than a
// whole seed-002 run should take), so the first start bundles it with esbuild (tsx's own
// dependency) into node_modules/.cache/faultline/, and later starts import that bundle while it is
// newer than every file under src/ and package-lock.json (one stat per file, a few milliseconds). Each module's
// `import.meta.url` stays the URL of its source file, so code that finds files beside itself
// behaves as under tsx. Anything going wrong on the way falls back to tsx.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'src', 'cli', 'main.ts');
if (!existsSync(entry)) {
  console.error(
    'faultline: src/cli/main.ts is missing from this checkout; the CLI is not built yet.',
  );
  process.exit(2);
}
const debug = (msg) => process.env.FAULTLINE_DEBUG && console.error(`faultline: ${msg}`);

/** The newest modification time of any file under dir. */
function newest(dir) {
  let t = 0;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    t = Math.max(t, d.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

async function bundled() {
  if (process.env.FAULTLINE_NO_BUNDLE) return null;
  // one bundle per checkout: node_modules may be shared (a symlink) by two of them
  const id = createHash('sha256').update(root).digest('hex').slice(0, 8);
  const out = path.join(root, 'node_modules', '.cache', 'faultline', `cli-v1-${id}.mjs`);
  const src = path.join(root, 'src');
  try {
    const lock = path.join(root, 'package-lock.json');
    const inputs = Math.max(newest(src), existsSync(lock) ? statSync(lock).mtimeMs : 0);
    if (existsSync(out) && statSync(out).mtimeMs > inputs) return out;
    const esbuild = await import('esbuild');
    const tmp = `${out}.${process.pid}.tmp`;
    mkdirSync(path.dirname(out), { recursive: true });
    await esbuild.build({
      entryPoints: [entry],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      // npm packages that use require() inside an ES module bundle
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
      plugins: [
        {
          name: 'source-import-meta-url',
          setup(build) {
            build.onLoad({ filter: /\.tsx?$/ }, (args) => {
              const text = readFileSync(args.path, 'utf8');
              const url = JSON.stringify(pathToFileURL(args.path).href);
              return {
                contents: text.includes('import.meta.url')
                  ? text.replaceAll('import.meta.url', url)
                  : text,
                loader: args.path.endsWith('x') ? 'tsx' : 'ts',
              };
            });
          },
        },
      ],
    });
    renameSync(tmp, out); // atomic: a concurrent start sees the old bundle or the new one
    return out;
  } catch (err) {
    debug(`no bundle (${err.message}); starting through tsx`);
    return null;
  }
}

const bundle = await bundled();
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}
