/**
 * The numbers the charts print (labels, alt text), recorded as figures with `basis: chart …`
 * so that figures.json holds every number of the bulletin, charts included.
 */
import { Decimal } from 'decimal.js';
import { amountText, signedPct } from '../press/wording.js';
import type { Ctx } from './context.js';

/** Records every chart series point of the bulletin. */
export function recordChartFigures(ctx: Ctx): void {
  const { book, data, edition } = ctx;
  for (const a of data.series.annual) {
    book.add({ service: a.service, metric: 'trade_value', period: a.label, unit: 'CNY', value: a.valueCny, text: amountText(a.valueCny, 'CNY', edition), basis: 'chart annual-value' });
    book.add({ service: a.service, metric: 'trade_value_yoy_pct', period: a.label, unit: 'percent', value: a.yoyPct, text: signedPct(a.yoyPct, edition), basis: 'chart annual-value' });
  }
  for (const m of data.series.monthly) {
    const period = `${m.year}-${String(m.month).padStart(2, '0')}`;
    book.add({ service: m.service, metric: 'trade_value', period, unit: 'CNY', value: m.valueCny, text: amountText(m.valueCny, 'CNY', edition), basis: 'chart monthly-value' });
  }
  for (const c of data.series.cumulative) {
    book.add({ service: c.service, metric: 'cumulative_value', period: `..${c.date}`, unit: 'CNY', value: c.valueCny, text: amountText(c.valueCny, 'CNY', edition), basis: 'chart cumulative-value' });
  }
  for (const s of data.services) {
    const rows = data.cargo.filter((c) => c.service === s.info.id);
    const sum = rows.reduce((a, r) => a.plus(r.valueCny), new Decimal(0));
    for (const r of rows) {
      const basis = `chart cargo-mix: ${r.category}`;
      book.add({ service: s.info.id, metric: 'trade_value', period: data.period.label, unit: 'CNY', value: r.valueCny, text: amountText(r.valueCny, 'CNY', edition), basis });
      if (!sum.isZero()) {
        const share = new Decimal(r.valueCny).div(sum).times(100).toFixed(10);
        book.add({ service: s.info.id, metric: 'cargo_share_pct', period: data.period.label, unit: 'percent', value: share, text: `${new Decimal(share).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`, basis });
      }
    }
    const total = new Decimal(s.metrics.outboundCny).plus(s.metrics.inboundCny);
    if (total.isZero()) continue;
    for (const [dir, v] of [['outbound', s.metrics.outboundCny], ['inbound', s.metrics.inboundCny]] as const) {
      const share = new Decimal(v).div(total).times(100).toFixed(10);
      book.add({ service: s.info.id, metric: 'direction_share_pct', period: data.period.label, unit: 'percent', value: share, text: `${new Decimal(share).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`, basis: `chart direction: ${dir} share of the service total` });
    }
  }
}
