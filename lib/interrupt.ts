/**
 * Stopping a run on SIGINT, SIGTERM or SIGHUP. The CLI turns the first such signal into an
 * aborted AbortSignal (reason: the signal's name); the runner stops at the next stage boundary,
 * interrupts the running DuckDB query and closes Chromium, records the run as interrupted and
 * throws `Interrupted`, whose exit status is 128 + the signal's number (SIGINT 130, SIGTERM 143).
 * Whatever fails while the run is being stopped (a page whose browser just closed: "Protocol
 * error … Session closed") is the interruption, never a failure of its own.
 */
import { message } from './messages.js';

/** The signals that stop a run, with their numbers on Linux. */
export const STOP_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/** The exit status of a run stopped by `signal`. */
export const exitStatusOf = (signal: StopSignal): number => 128 + STOP_SIGNALS[signal];

/** A run stopped by a signal. Exit status 128 + the signal's number. */
export class Interrupted extends Error {
  readonly exitCode: number;
  constructor(
    readonly signal: StopSignal,
    readonly during: string,
  ) {
    super(message.interrupted(signal, during));
    this.name = 'Interrupted';
    this.exitCode = exitStatusOf(signal);
  }
}

/** The signal that aborted `stop`, or null while it has not. */
export function stopSignal(stop: AbortSignal | undefined): StopSignal | null {
  if (!stop?.aborted) return null;
  return typeof stop.reason === 'string' && stop.reason in STOP_SIGNALS ? (stop.reason as StopSignal) : 'SIGTERM';
}

/** Throws Interrupted when `stop` has been aborted. */
export function throwIfStopped(stop: AbortSignal | undefined, during: string): void {
  const signal = stopSignal(stop);
  if (signal) throw new Interrupted(signal, during);
}

/**
 * Handles SIGINT, SIGTERM and SIGHUP for the length of a run: the first aborts the returned
 * signal; a second one, or `graceMs` without the run ending, exits at once with the status of
 * the first (safe: every write is atomic and the warehouse lock dies with the process).
 * @example const stop = stopOnSignals(); try { await runPipeline(o, { …, stop: stop.signal }); } finally { stop.dispose(); }
 */
export function stopOnSignals(onStop: (signal: StopSignal) => void, graceMs = 30_000): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (signal: StopSignal): void => {
    const first = stopSignal(controller.signal);
    if (first) process.exit(exitStatusOf(first));
    onStop(signal);
    controller.abort(signal);
    setTimeout(() => process.exit(exitStatusOf(signal)), graceMs).unref();
  };
  const names = Object.keys(STOP_SIGNALS) as StopSignal[];
  for (const name of names) process.on(name, handler);
  return { signal: controller.signal, dispose: () => names.forEach((name) => process.off(name, handler)) };
}
