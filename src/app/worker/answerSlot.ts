/**
 * A one-answer mailbox in shared memory: the engine worker writes a job's trace part into it
 * as well as posting it, and the page reads it from inside a frame.
 *
 * Why: after a key press Chromium draws the frame that shows the key before it runs any
 * other task, the worker's message among them, even when the message is already in. Read
 * from memory in that frame's requestAnimationFrame (main.tsx asks for it after Monaco's
 * render), the trace is drawn with the key instead of a frame later. bench/page.ts, a key in
 * the YAML of a 200-document file: the answer is drawn with its key for about 51 of 60 keys;
 * the others, whose worker has not finished by then, still take the message.
 *
 * Shared memory needs a cross-origin isolated page (the dev server and `vite preview` send
 * the COOP and COEP headers, vite.config.ts). Where a host does not, `create` gives null and
 * the message alone carries the answer, as before.
 *
 * The layout is a seqlock: a header of two int32s (the job id, or WRITING while bytes change;
 * the byte length), then the answer as UTF-8 JSON. A reader takes the bytes only if the id
 * is the one it wants before and after copying them.
 */

const HEADER_BYTES = 8;
const ID = 0;
const LENGTH = 1;
const WRITING = -1;
/** Room for the largest trace part seen (a match against 1,000 routes) many times over. */
export const SLOT_BYTES = 4 << 20;

export class AnswerSlot {
  private readonly header: Int32Array;
  private readonly body: Uint8Array;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, 2);
    this.body = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** A slot for this page, or null where the page cannot share memory with its worker. */
  static create(bytes: number = SLOT_BYTES): AnswerSlot | null {
    if (typeof SharedArrayBuffer !== 'function' || globalThis.crossOriginIsolated !== true)
      return null;
    return new AnswerSlot(new SharedArrayBuffer(HEADER_BYTES + bytes));
  }

  /**
   * Worker side: puts job `id`'s answer in the slot. False (and the slot empty) when the
   * answer does not fit or is not plain JSON data, so that a reader never gets anything but
   * what the message will carry.
   */
  write(id: number, answer: unknown): boolean {
    Atomics.store(this.header, ID, WRITING);
    let bytes: Uint8Array;
    try {
      bytes = this.encoder.encode(JSON.stringify(answer, plainJson));
    } catch {
      return false;
    }
    if (bytes.length > this.body.length) return false;
    // TextEncoder.encodeInto refuses shared memory; encode, then copy.
    this.body.set(bytes);
    Atomics.store(this.header, LENGTH, bytes.length);
    Atomics.store(this.header, ID, id);
    return true;
  }

  /** Page side: job `id`'s answer if the slot holds all of it, else undefined. */
  read(id: number): unknown {
    if (Atomics.load(this.header, ID) !== id) return undefined;
    const length = Atomics.load(this.header, LENGTH);
    // TextDecoder refuses shared memory too: copy the bytes out, then check that the
    // writer did not start on another answer while they were copied.
    const bytes = this.body.slice(0, length);
    if (Atomics.load(this.header, ID) !== id) return undefined;
    return JSON.parse(this.decoder.decode(bytes)) as unknown;
  }
}

/**
 * JSON.stringify's replacer: refuses what JSON would change, unlike the structured clone the
 * message uses (non-finite numbers become null, undefined in an array becomes null, a Map
 * or a Date loses its kind).
 */
function plainJson(this: unknown, key: string, value: unknown): unknown {
  // The value before its toJSON (a Date's is a string), as the holder has it.
  const original = (this as Record<string, unknown>)[key];
  if (typeof original === 'number' && !Number.isFinite(original))
    throw new Error('not JSON: a non-finite number');
  if (original === undefined && Array.isArray(this))
    throw new Error('not JSON: a hole in an array');
  if (typeof original === 'bigint') throw new Error('not JSON: a bigint');
  if (original !== null && typeof original === 'object' && !Array.isArray(original)) {
    const proto = Object.getPrototypeOf(original) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new Error('not JSON: a class object');
  }
  return value;
}
