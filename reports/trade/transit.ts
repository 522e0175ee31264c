/**
 * Transit time and emissions: the service's mean transit time (against sea freight where the
 * reference gives a comparable sea route), and the operators' claim that rail emits about 1/7
 * of road and 1/15 of air freight per tonne-kilometre, printed as their claim, not as data.
 */
import { Exact, fixedGrouped, groupThousands, roundHalfUp } from '../press/round.js';
import { mention, periodLabel, type Ctx } from './context.js';
import { digits } from '../../lib/exact-digits.js';

/** One sentence per service with transit data, then the emissions claim. */
export function transitParagraphs(ctx: Ctx): string[] {
  const zh = ctx.edition === 'zh';
  const out: string[] = [];
  for (const s of ctx.data.services) {
    const t = ctx.data.transit.find((x) => x.service === s.info.id);
    if (!t || t.shipments === 0) continue;
    const days = ctx.book.add({
      service: s.info.id, metric: 'transit_days', period: periodLabel(ctx), unit: 'days', value: t.meanDays,
      text: fixedGrouped(t.meanDays, 1), basis: `mean over ${t.shipments} shipments with an arrival date`,
    });
    let sea = '';
    if (s.info.seaTransitDays) {
      const ratio = new Exact(t.meanDays).div(s.info.seaTransitDays);
      const share = ctx.book.add({
        service: s.info.id, metric: 'transit_vs_sea_pct', period: periodLabel(ctx), unit: 'percent', value: digits(ratio.times(100).toSignificantDigits(40)),
        text: `${fixedGrouped(ratio.times(100), 0)}${zh ? '%' : ''}`, basis: `mean transit ÷ ${s.info.seaTransitDays} days by sea (${s.info.seaTransitNote})`,
      });
      const seaDays = ctx.book.add({
        service: s.info.id, metric: 'sea_transit_days', period: 'reference', unit: 'days', value: s.info.seaTransitDays,
        text: groupThousands(digits(new Exact(s.info.seaTransitDays))), basis: `reference services.csv sea_transit_days: ${s.info.seaTransitNote}`,
      });
      sea = zh
        ? `，约为可比航线海运（约${seaDays}天，参考值）的${share}`
        : `, about ${share} percent of the roughly ${seaDays} days of sea freight on a comparable route (indicative)`;
    }
    const name = mention(ctx, s);
    out.push(zh
      ? `${name}集装箱自发车至到达平均用时${days}天${sea}。`
      : `Containers on ${name} took ${days} days on average from departure to arrival${sea}.`);
  }
  const f = Object.fromEntries(ctx.data.emissions.map((e) => [e.mode, e]));
  const rail = f['rail'];
  const road = f['road'];
  const air = f['air'];
  if (rail && road && air) {
    // The reference factors were set to match the operators' published ratios: only the ratios are printed, as their claim.
    const ratio = (mode: 'road' | 'air', g: string) => {
      const v = new Exact(g).div(rail.gramsPerTonneKm);
      return ctx.book.add({
        service: 'all', metric: 'emission_ratio', period: 'reference', unit: 'ratio', value: digits(v.toSignificantDigits(40)),
        text: `1/${roundHalfUp(v, 0)}`, basis: `operators' published claim: rail CO2 per tonne-km against ${mode} (reference emission factors ${mode} ÷ rail: ${f[mode]!.note || f[mode]!.source})`,
      });
    };
    const [ro, a] = [ratio('road', road.gramsPerTonneKm), ratio('air', air.gramsPerTonneKm)];
    // Who makes the claim comes from the reference (emission-factors.csv, claim_source), so the source is printed with it.
    const who = (zh ? rail.claimSourceZh : rail.claimSource) || (zh ? '班列运营方公开介绍' : "the services' operators");
    out.push(zh
      ? `据${who}，按每吨公里计，铁路货运二氧化碳排放约为公路运输的${ro}、航空运输的${a}；该比例为运营方说法，本公报未作测算。`
      : `According to ${who}, rail freight emits about ${ro} of the CO₂ of road freight and ${a} of that of air freight per tonne-kilometre; this is the operators' published claim, not a figure measured for this bulletin.`);
  }
  return out;
}
