/**
 * Runs one command as a child process and measures it: wall time, and the peak of the summed
 * resident memory (VmRSS) of the child and all its descendants (Chromium included), sampled
 * from /proc every ~20 ms. The sum counts pages shared between processes once per process,
 * so it is an upper bound on the memory the tree really holds.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** What one measured command did. */
export interface Measured {
  wallMs: number;
  peakRssBytes: number;
  /** Peak of the summed proportional set size (shared pages split between their processes), sampled every 10th tick. */
  peakPssBytes: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  samples: number;
}

/** Parent pid of every process, from /proc/<pid>/stat. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), Number(rest[1]));
    } catch {
      // the process ended between the listing and the read
    }
  }
  return out;
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function pssOf(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** `root` and all its descendants, from one scan of /proc. */
export function processTree(root: number): number[] {
  const ppid = parents();
  const children = new Map<number, number[]>();
  for (const [pid, parent] of ppid) {
    const list = children.get(parent);
    if (list) list.push(pid);
    else children.set(parent, [pid]);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Summed RSS of `root` and all its descendants. */
export function treeRss(root: number): number {
  return processTree(root).reduce((a, pid) => a + rssOf(pid), 0);
}

/**
 * Runs `command args` and measures it.
 * @example const m = await measure(process.execPath, ['bin/trade-bulletin.js', 'nightly', '--json']);
 */
export function measure(command: string, args: string[], options: { cwd?: string; intervalMs?: number } = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let peak = 0;
    let peakPss = 0;
    let samples = 0;
    // The sampler shares the machine with what it measures: the process list is rescanned every
    // 10th tick (~200 ms; Chromium's processes live for seconds), VmRSS read every tick (~20 ms),
    // PSS (which makes the kernel walk page tables) every 10th tick.
    let tree: number[] = [];
    const sample = (): void => {
      if (child.pid === undefined) return;
      if (samples % 10 === 0) tree = processTree(child.pid);
      peak = Math.max(peak, tree.reduce((a, pid) => a + rssOf(pid), 0));
      if (samples % 10 === 0) peakPss = Math.max(peakPss, tree.reduce((a, pid) => a + pssOf(pid), 0));
      samples++;
    };
    const timer = setInterval(sample, options.intervalMs ?? 20);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({
        wallMs: performance.now() - start,
        peakRssBytes: peak,
        peakPssBytes: peakPss,
        exitCode: code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        samples,
      });
    });
  });
}
