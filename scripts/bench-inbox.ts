/**
 * The benchmark's inbox: a deterministic, contract-shaped inbox of N shipments (about 2N value
 * lines), written fast: rows are built as strings in large chunks and streamed to disk.
 *
 * Layout (like the sample): one shipments file and one values file per service per month,
 * so that a revision touches one small file; fx rates per year (business days, six pairs).
 * Plain dialect: UTF-8, LF, no quotes, no blank lines (DuckDB's bulk reader takes it).
 * Services: `changan-xian-almaty` 2023-01..2025-12, `asean-express` from 2024-10-15 (inbound
 * trains from Germany after the first return on 2025-06-21). About 1 value line in 100 000
 * carries a bad value, so the quarantine path runs too.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What was generated. */
export interface GeneratedInbox {
  dir: string;
  files: number;
  bytes: number;
  shipments: number;
  valueLines: number;
  fxRows: number;
  badLines: number;
  /** A values file for the revision case and the line changed in it. */
  revisionFile: string;
}

/** mulberry32: a small, fast, seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

interface Goods {
  hs: string;
  description: string;
}

const CHANGAN_OUT: Goods[] = [
  { hs: '8471300000', description: 'Portable computers' }, { hs: '8542310000', description: 'Integrated circuits' },
  { hs: '8703800010', description: 'Battery-electric passenger cars' }, { hs: '8708409900', description: 'Gearboxes and parts' },
  { hs: '8418102000', description: 'Refrigerator-freezers' }, { hs: '9018199000', description: 'Medical monitoring equipment' },
  { hs: '8541430000', description: 'Photovoltaic modules' }, { hs: '6402999000', description: 'Footwear' },
  { hs: '9405110000', description: 'LED luminaires' }, { hs: '2917361000', description: 'Terephthalic acid' },
];
const CHANGAN_IN: Goods[] = [
  { hs: '1001990000', description: 'Wheat' }, { hs: '1512110000', description: 'Crude sunflower-seed oil' },
  { hs: '7403111000', description: 'Refined copper cathodes' }, { hs: '7901120000', description: 'Unwrought zinc' },
  { hs: '0204430000', description: 'Frozen boneless sheep meat' }, { hs: '1107100000', description: 'Malt' },
];
const ASEAN_OUT: Goods[] = [
  { hs: '03046200', description: 'Frozen pangasius fillets' }, { hs: '10063099', description: 'Milled rice' },
  { hs: '85171300', description: 'Smartphones' }, { hs: '64041190', description: 'Sports footwear' },
  { hs: '40012290', description: 'Natural rubber' }, { hs: '11081400', description: 'Cassava starch' },
  { hs: '61091010', description: 'T-shirts of cotton' }, { hs: '85176299', description: 'Network equipment' },
];
const ASEAN_IN: Goods[] = [
  { hs: '84798999', description: 'Industrial machines' }, { hs: '22042100', description: 'Wine' },
  { hs: '04022190', description: 'Milk powder' }, { hs: '90181900', description: 'Precision instruments' },
];

/** Rough CNY per unit, to give each currency's amounts a realistic size. */
const CNY_PER: Record<string, number> = { CNY: 1, USD: 7.15, EUR: 7.8, KZT: 0.0145, VND: 0.00029, RUB: 0.085 };

interface Service {
  id: string;
  prefix: string;
  from: number;
  to: number;
  /** Shipments per day relative to the other service. */
  weight: number;
  currencies: [string, number][];
}

const SERVICES: Service[] = [
  { id: 'changan-xian-almaty', prefix: 'CA', from: Date.UTC(2023, 0, 1), to: Date.UTC(2025, 11, 31), weight: 1,
    currencies: [['CNY', 0.6], ['USD', 0.2], ['KZT', 0.1], ['RUB', 0.05], ['EUR', 0.05]] },
  { id: 'asean-express', prefix: 'AE', from: Date.UTC(2024, 9, 15), to: Date.UTC(2025, 11, 31), weight: 1.5,
    currencies: [['USD', 0.4], ['CNY', 0.3], ['VND', 0.15], ['EUR', 0.15]] },
];
const FIRST_RETURN = Date.UTC(2025, 5, 21);

/** A write stream that takes strings in big pieces and respects back-pressure. */
class Sink {
  private parts: string[] = [];
  private size = 0;
  bytes = 0;
  private readonly out: WriteStream;
  constructor(path: string) {
    this.out = createWriteStream(path);
  }
  async push(s: string): Promise<void> {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 20) await this.flush();
  }
  private async flush(): Promise<void> {
    if (!this.parts.length) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    this.bytes += buf.length;
    if (!this.out.write(buf)) await new Promise<void>((r) => this.out.once('drain', () => r()));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/** Number of shipments of each service on each day, summing exactly to `n`. */
function dailyCounts(n: number): Map<string, number[]> {
  const days = SERVICES.map((s) => Math.round((s.to - s.from) / DAY) + 1);
  const total = SERVICES.reduce((a, s, i) => a + s.weight * days[i]!, 0);
  const out = new Map<string, number[]>();
  let cum = 0;
  SERVICES.forEach((s, i) => {
    const counts: number[] = [];
    for (let d = 0; d < days[i]!; d++) {
      const before = Math.round((cum * n) / total);
      cum += s.weight;
      counts.push(Math.round((cum * n) / total) - before);
    }
    out.set(s.id, counts);
  });
  return out;
}

/**
 * Writes the inbox for `n` shipments into `dir` (which must be empty or absent).
 * @example const inbox = await generateInbox('/tmp/bench/inbox', 100_000);
 */
export async function generateInbox(dir: string, n: number, seed = 20251231): Promise<GeneratedInbox> {
  await mkdir(dir, { recursive: true });
  const rnd = prng(seed);
  const result: GeneratedInbox = { dir, files: 0, bytes: 0, shipments: 0, valueLines: 0, fxRows: 0, badLines: 0, revisionFile: '' };
  const counts = dailyCounts(n);
  const SHIP_HEADER = 'shipment_id,train_id,service,departure_date,arrival_date,origin_station,destination_station,origin_country,destination_country,teu,gross_weight_kg\n';
  const VALUE_HEADER = 'line_id,shipment_id,hs_code,description,value,currency\n';

  for (const s of SERVICES) {
    const perDay = counts.get(s.id)!;
    let ships: Sink | null = null;
    let values: Sink | null = null;
    let month = '';
    let seq = 0;
    let seqYear = '';
    const close = async (): Promise<void> => {
      if (!ships || !values) return;
      await ships.close();
      await values.close();
      result.bytes += ships.bytes + values.bytes;
      result.files += 2;
    };
    for (let d = 0; d < perDay.length; d++) {
      const t = s.from + d * DAY;
      const date = iso(t);
      const m = date.slice(0, 7);
      if (m !== month) {
        await close();
        month = m;
        ships = new Sink(join(dir, `shipments-${s.prefix.toLowerCase()}-${m}.csv`));
        values = new Sink(join(dir, `values-${s.prefix.toLowerCase()}-${m}.csv`));
        await ships.push(SHIP_HEADER);
        await values.push(VALUE_HEADER);
      }
      const yy = date.slice(2, 4);
      if (yy !== seqYear) {
        seqYear = yy;
        seq = 0;
      }
      const count = perDay[d]!;
      const ymd = date.replace(/-/g, '');
      const arrivals = Array.from({ length: 26 }, (_, k) => iso(t + k * DAY));
      const trains = Array.from({ length: Math.ceil(count / 45) + 1 }, (_, k) => (s.prefix === 'CA' ? `X${8150 + k}-${ymd}` : `AE${100 + k}-${ymd}`));
      const head = `,${s.id},${date},`;
      let sb = '';
      let vb = '';
      for (let k = 0; k < count; k++) {
        seq++;
        const id = `${s.prefix}${yy}-${pad(seq, 7)}`;
        const train = trains[Math.floor(k / 45)]!;
        const transit = s.prefix === 'CA' ? 10 + Math.floor(rnd() * 5) : 15 + Math.floor(rnd() * 10);
        const arrival = arrivals[transit]!;
        let inbound: boolean;
        let from: string, to: string, fc: string, tc: string;
        if (s.prefix === 'CA') {
          inbound = rnd() < 0.3;
          [from, to, fc, tc] = inbound ? ['Almaty', "Xi'an International Port", 'KZ', 'CN'] : ["Xi'an International Port", 'Almaty', 'CN', 'KZ'];
        } else {
          inbound = t >= FIRST_RETURN && rnd() < 0.25;
          if (inbound) [from, to, fc, tc] = rnd() < 0.7 ? ['Duisburg', 'Hanoi An Yen', 'DE', 'VN'] : ['Budapest', 'Hanoi An Yen', 'HU', 'VN'];
          else [from, to, fc, tc] = rnd() < 0.6 ? ['Hanoi An Yen', 'Chongqing Tuanjie Village', 'VN', 'CN'] : ['Hanoi An Yen', 'Duisburg', 'VN', 'DE'];
        }
        const r = rnd();
        const teu = r < 0.25 ? '1' : r < 0.9 ? '2' : '2.25';
        const weight = 8000 + Math.floor(rnd() * 20000);
        sb += `${id},${train}${head}${arrival},${from},${to},${fc},${tc},${teu},${weight}\n`;
        const lr = rnd();
        const lines = lr < 0.3 ? 1 : lr < 0.7 ? 2 : 3;
        const goods = s.prefix === 'CA' ? (inbound ? CHANGAN_IN : CHANGAN_OUT) : inbound ? ASEAN_IN : ASEAN_OUT;
        for (let j = 1; j <= lines; j++) {
          const g = goods[Math.floor(rnd() * goods.length)]!;
          let c = rnd();
          let ccy = s.currencies[0]![0];
          for (const [code, share] of s.currencies) {
            if (c < share) {
              ccy = code;
              break;
            }
            c -= share;
          }
          const cny = 20_000 + rnd() * 1_500_000;
          const cents = Math.round((cny / CNY_PER[ccy]!) * 100);
          result.valueLines++;
          const bad = result.valueLines % 100_000 === 0;
          if (bad) result.badLines++;
          const value = bad ? 'n/a' : `${Math.floor(cents / 100)}.${pad(cents % 100, 2)}`;
          vb += `${id}-${j},${id},${g.hs},${g.description},${value},${ccy}\n`;
        }
      }
      result.shipments += count;
      await ships!.push(sb);
      await values!.push(vb);
    }
    await close();
  }
  result.revisionFile = join(dir, 'values-ca-2025-11.csv');

  // fx: business days from 2022-12-01 (so early-January weekends find a rate) to 2025-12-31.
  const pairs: [string, string, number, string][] = [
    ['USD', 'CNY', 7.05, 'US Federal Reserve H.10'], ['USD', 'KZT', 470, 'National Bank of Kazakhstan'],
    ['USD', 'RUB', 85, 'Bank of Russia'], ['USD', 'VND', 24_500, 'State Bank of Vietnam'],
    ['EUR', 'CNY', 7.7, 'ECB euro reference rate'], ['EUR', 'USD', 1.09, 'ECB euro reference rate'],
  ];
  const level = pairs.map((p) => p[2]);
  let fx: Sink | null = null;
  let year = '';
  for (let t = Date.UTC(2022, 11, 1); t <= Date.UTC(2025, 11, 31); t += DAY) {
    const wd = new Date(t).getUTCDay();
    if (wd === 0 || wd === 6) continue;
    const date = iso(t);
    const y = date < '2023' ? '2023' : date.slice(0, 4);
    if (y !== year) {
      if (fx) {
        await fx.close();
        result.bytes += fx.bytes;
        result.files++;
      }
      year = y;
      fx = new Sink(join(dir, `fx-${y}.csv`));
      await fx.push('date,base,quote,rate,source\n');
    }
    let rows = '';
    pairs.forEach(([base, quote, , source], i) => {
      level[i] = level[i]! * (1 + (rnd() - 0.5) * 0.004);
      rows += `${date},${base},${quote},${level[i]!.toFixed(4)},${source}\n`;
      result.fxRows++;
    });
    await fx!.push(rows);
  }
  if (fx) {
    await fx.close();
    result.bytes += fx.bytes;
    result.files++;
  }
  return result;
}

/**
 * Revises one values file: one line's value goes up by 1.00 (a corrected declaration).
 * Returns the line number changed.
 */
export async function reviseValuesFile(path: string): Promise<number> {
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  // The middle of the file, on a line that parses (not one of the deliberately bad ones).
  for (let i = Math.floor(lines.length / 2); i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    if (cells.length !== 6 || !/^\d+\.\d{2}$/.test(cells[4]!)) continue;
    const [whole, frac] = cells[4]!.split('.') as [string, string];
    cells[4] = `${BigInt(whole) + 1n}.${frac}`;
    lines[i] = cells.join(',');
    await writeFile(path, lines.join('\n'));
    return i + 1;
  }
  throw new Error(`no value line to revise in ${path}`);
}
