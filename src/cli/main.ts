/**
 * Entry point (bin/routelab.mjs imports the compiled dist-cli/cli/main.js): runs the command
 * line with the process's streams and sets process.exitCode. It never calls process.exit, so
 * buffered output to a pipe is written in full.
 */
import { wantsColor } from './render/ansi.js';
import { run } from './program.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// `routelab trace ... | head` closes the pipe early: stop writing, do not crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

process.exitCode = await run(process.argv.slice(2), {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  stdin: () => readAll(process.stdin),
  color: wantsColor(process.stdout.isTTY, process.env),
  ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  stdoutTTY: Boolean(process.stdout.isTTY),
  stderrTTY: Boolean(process.stderr.isTTY),
  ...(process.stderr.isTTY && process.stderr.columns
    ? { stderrColumns: process.stderr.columns }
    : {}),
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    return () => void process.off('SIGINT', handler);
  },
});
