/**
 * The peers' view of the benchmark's inbox (scripts/bench-peers/README.md): the same data as
 * the monthly files trade-bulletin reads, in the three files the peers take.
 *
 * - `shipments.csv`: every shipments file, one header.
 * - `values.csv`: every values file, one header, without the deliberately bad lines (the peers
 *   take a clean inbox; trade-bulletin quarantines them).
 * - `fx.csv`: the rates with base USD; EUR/USD becomes USD/EUR, EUR/CNY is left out (the peers
 *   convert through the dollar).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

async function concat(inbox: string, names: string[], out: string, keep: (text: string) => string): Promise<void> {
  const sink = createWriteStream(out);
  const write = (s: string): Promise<void> =>
    new Promise((resolve, reject) => (sink.write(s, (err) => (err ? reject(err) : resolve()))));
  for (const [i, name] of names.entries()) {
    const text = await readFile(join(inbox, name), 'utf8');
    const body = text.slice(text.indexOf('\n') + 1);
    await write((i === 0 ? text.slice(0, text.indexOf('\n') + 1) : '') + keep(body.endsWith('\n') || !body ? body : `${body}\n`));
  }
  await new Promise<void>((resolve, reject) => sink.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/**
 * Writes `shipments.csv`, `values.csv` and `fx.csv` into `dir` from the bench inbox `inbox`.
 * @example await writePeerInbox('/tmp/bench/inbox', '/tmp/bench/peer');
 */
export async function writePeerInbox(inbox: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const names = (await readdir(inbox)).filter((n) => n.endsWith('.csv')).sort();
  const of = (prefix: string) => names.filter((n) => n.startsWith(prefix));
  await concat(inbox, of('shipments-'), join(dir, 'shipments.csv'), (t) => t);
  await concat(inbox, of('values-'), join(dir, 'values.csv'), (t) => t.replace(/^[^\n]*,n\/a,[^\n]*\n/gmu, ''));
  await concat(inbox, of('fx-'), join(dir, 'fx.csv'), (t) =>
    t.split('\n').flatMap((line) => {
      const [date, base, quote, rate, source] = line.split(',');
      if (base === 'USD') return [`${line}\n`];
      if (base === 'EUR' && quote === 'USD') return [`${date},USD,EUR,${(1 / Number(rate)).toFixed(6)},${source}\n`];
      return [];
    }).join(''));
}
