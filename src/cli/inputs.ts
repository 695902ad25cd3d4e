/**
 * `-f FILE|DIR|-` as kubectl takes it: repeatable; a directory contributes its *.yaml,
 * *.yml and *.json files, recursively, in lexical order per directory (as kubectl's walk);
 * `-` is standard input. Each file becomes one { text, file } so that diagnostics name it.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ManifestInput } from '../engine/index.js';
import { UsageError, type Io } from './io.js';

/** How standard input is named in diagnostics and sources. */
export const STDIN_NAME = '<stdin>';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export async function readInputs(args: readonly string[], io: Io): Promise<ManifestInput[]> {
  if (args.length === 0) throw new UsageError('no input: give -f FILE, -f DIR or -f -');
  const cwd = io.cwd ?? process.cwd();
  const inputs: ManifestInput[] = [];
  let stdinText: string | undefined;
  for (const arg of args) {
    if (arg === '-') {
      stdinText ??= await readStdin(io);
      inputs.push({ text: stdinText, file: STDIN_NAME });
      continue;
    }
    const absolute = path.resolve(cwd, arg);
    const info = await stat(absolute).catch((e: unknown) => {
      throw new UsageError(`cannot read ${arg}: ${reason(e)}`);
    });
    if (info.isDirectory()) {
      const files = await walk(absolute);
      if (files.length === 0) throw new UsageError(`${arg} holds no .yaml, .yml or .json files`);
      for (const file of files) {
        const shown = path.join(arg, path.relative(absolute, file));
        inputs.push({ text: await read(file, shown), file: shown });
      }
    } else {
      inputs.push({ text: await read(absolute, arg), file: arg });
    }
  }
  return inputs;
}

async function readStdin(io: Io): Promise<string> {
  if (io.stdin === undefined) throw new UsageError('-f - given but there is no standard input');
  return typeof io.stdin === 'string' ? io.stdin : io.stdin();
}

async function read(file: string, shown: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${shown}: ${reason(e)}`);
  }
}

/** Manifest files under dir, depth first, entries in code-point order at each level. */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Like kubectl (filepath.Walk): symlinked files are read, symlinked directories are not
    // entered (no loops).
    const isFile =
      entry.isFile() ||
      (entry.isSymbolicLink() && ((await stat(full).catch(() => undefined))?.isFile() ?? false));
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (isFile && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
      out.push(full);
  }
  return out;
}

function reason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}
