#!/usr/bin/env node
// `npx faultline …` straight after `npm ci`, no build step: tsx compiles src/cli on the fly.
// src/cli/main.ts reads process.argv itself (argv is left untouched here) and sets the exit code.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const mainUrl = new URL('../src/cli/main.ts', import.meta.url);
if (!existsSync(fileURLToPath(mainUrl))) {
  console.error(
    'faultline: src/cli/main.ts is missing from this checkout; the CLI is not built yet.',
  );
  process.exit(2);
}

register();
await import(mainUrl.href);
