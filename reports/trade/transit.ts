/**
 * Transit time and emissions: the service's mean transit time (against sea freight where the
 * reference gives a comparable sea route) and the emission factors of the reference data,
 * which carry the published claim that rail emits about 1/7 of road and 1/15 of air freight.
 */
import { Decimal } from 'decimal.js';
import { roundHalfUp } from '../press/round.js';
import { periodLabel, type Ctx } from './context.js';

/** One sentence per service with transit data, then the emissions sentence. */
export function transitParagraphs(ctx: Ctx): string[] {
  const zh = ctx.edition === 'zh';
  const out: string[] = [];
  for (const s of ctx.data.services) {
    const t = ctx.data.transit.find((x) => x.service === s.info.id);
    if (!t || t.shipments === 0) continue;
    const days = ctx.book.add({
      service: s.info.id, metric: 'transit_days', period: periodLabel(ctx), unit: 'days', value: t.meanDays,
      text: roundHalfUp(t.meanDays, 1), basis: `mean over ${t.shipments} shipments with an arrival date`,
    });
    let sea = '';
    if (s.info.seaTransitDays) {
      const ratio = new Decimal(t.meanDays).div(s.info.seaTransitDays);
      const share = ctx.book.add({
        service: s.info.id, metric: 'transit_vs_sea_pct', period: periodLabel(ctx), unit: 'percent', value: ratio.times(100).toFixed(10),
        text: roundHalfUp(ratio.times(100), 0), basis: `mean transit ÷ ${s.info.seaTransitDays} days by sea (${s.info.seaTransitNote})`,
      });
      sea = zh
        ? `，约为海运（约${s.info.seaTransitDays}天，参考值）的${share}%`
        : `, about ${share} percent of the roughly ${s.info.seaTransitDays} days of sea freight on a comparable route (indicative)`;
    }
    out.push(zh
      ? `${s.info.shortNameZh}集装箱自发车至到达平均用时${days}天${sea}。`
      : `Containers on the ${s.info.name} took ${days} days on average from departure to arrival${sea}.`);
  }
  const f = Object.fromEntries(ctx.data.emissions.map((e) => [e.mode, e]));
  const rail = f['rail'];
  const road = f['road'];
  const air = f['air'];
  if (rail && road && air) {
    const g = (mode: 'rail' | 'road' | 'air', v: string) =>
      ctx.book.add({ service: 'all', metric: 'emission_factor', period: 'reference', unit: 'g CO2 per tonne-km', value: v, text: v, basis: `${mode}: ${f[mode]!.source}` });
    const [r, ro, a] = [g('rail', rail.gramsPerTonneKm), g('road', road.gramsPerTonneKm), g('air', air.gramsPerTonneKm)];
    const roadRatio = new Decimal(road.gramsPerTonneKm).div(rail.gramsPerTonneKm).toDecimalPlaces(0).toString();
    const airRatio = new Decimal(air.gramsPerTonneKm).div(rail.gramsPerTonneKm).toDecimalPlaces(0).toString();
    out.push(zh
      ? `按每吨公里计，铁路货运碳排放约为公路的1/${roadRatio}、航空的1/${airRatio}（参考排放因子：铁路${r}克、公路${ro}克、航空${a}克二氧化碳，见sources/reference/emission-factors.csv）。`
      : `Per tonne-kilometre, rail freight emits about 1/${roadRatio} of the CO₂ of road freight and 1/${airRatio} of air freight (indicative factors: rail ${r} g, road ${ro} g, air ${a} g; sources/reference/emission-factors.csv).`);
  }
  return out;
}
