/** What a command needs from the outside world, so that tests can run it in-process. */

export interface Io {
  /** Writes to standard output (no newline added). */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input: the text itself (tests), or a reader called only when `-f -` is given. */
  readonly stdin?: string | (() => Promise<string>);
  /** Colour the human output (the caller decides: a TTY and NO_COLOR unset). Default false. */
  readonly color?: boolean;
  /** Terminal width for wrapping. Default 100. */
  readonly columns?: number;
  /** Base directory for relative -f paths. Default process.cwd(). */
  readonly cwd?: string;
  /** The current time, passed to the engine (which never reads clocks). Default new Date(). */
  readonly now?: () => Date;
  /** Standard output is a terminal. Default false. */
  readonly stdoutTTY?: boolean;
  /** Standard error is a terminal: the only place a progress bar is drawn. Default false. */
  readonly stderrTTY?: boolean;
  /** Width of the terminal on standard error, for the progress bar. Default 80. */
  readonly stderrColumns?: number;
  /**
   * Calls `handler` on each Ctrl-C (SIGINT) until the returned function is called. Absent:
   * Ctrl-C does what it does by default.
   */
  readonly onInterrupt?: (handler: () => void) => () => void;
}

/** Exit codes, as documented in --help and README. */
export const EXIT = {
  /** trace: an HTTP response came back (any status). lint: no errors. */
  ok: 0,
  /** lint: at least one error. */
  lintErrors: 1,
  /** simulate: the error rate is above --fail-on-error-rate (same code as lint's errors). */
  errorRate: 1,
  /** trace: no HTTP response came back (DNS, connection or TLS error). */
  noResponse: 2,
  /** Bad usage or unreadable input. */
  usage: 3,
  /** A bug in routelab (an exception): printed with its stack. */
  internal: 4,
  /** simulate: stopped early by Ctrl-C (128 + SIGINT, as a shell reports it). */
  stopped: 130,
} as const;

/** Bad usage or input the command cannot read: printed as "routelab: message", exit 3. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
