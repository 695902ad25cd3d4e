// Installs the npm packages when they are missing or older than package-lock.json, so that
// `npm start` and `npm test` work on a fresh clone without a separate `npm install` (and
// pick up a changed lock file after a pull). A no-op when node_modules is up to date.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const lock = 'package-lock.json';
// npm writes this file at the end of every install: its age is the install's age.
const installed = 'node_modules/.package-lock.json';

const stale = !existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs;
if (stale) {
  console.log('routelab: installing the npm packages (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
