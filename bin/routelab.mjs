#!/usr/bin/env node
// The `routelab` command. The CLI is TypeScript in src/cli, compiled by `npm run build:cli`
// (run by `npm install` through "prepare") into dist-cli/. dist-cli/cli/main.js runs the
// command when imported: it reads process.argv and sets process.exitCode.
import { existsSync } from 'node:fs';

const entry = new URL('../dist-cli/cli/main.js', import.meta.url);

if (!existsSync(entry)) {
  process.stderr.write(
    'routelab: the command is not built (dist-cli/cli/main.js is missing): ' +
      'run npm install (or npm run build:cli) first.\n',
  );
  process.exit(1);
}

await import(entry.href);
