/**
 * The lint rule that keeps one press formatter: in reports/ (outside reports/press/) no number is
 * rounded or formatted for print by toFixed(n), toLocaleString, Intl, d3-format or a Vega format
 * string, and no toFixed at all: exact decimals become digits through lib/exact-digits.ts's digits(),
 * rounded for print only inside reports/press/. Checked by linting snippets as project files.
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function restricted(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('one press formatter, kept by lint', () => {
  it('refuses float and locale formatting, d3-format and Vega format strings in reports/', async () => {
    const file = 'reports/charts/lint-probe.ts';
    expect(await restricted('export const a = (v: number): string => v.toFixed(2);\n', file)).toHaveLength(1);
    expect(await restricted("export const a = (v: number): string => v.toLocaleString('en-US');\n", file)).toHaveLength(1);
    expect(await restricted("export const a = new Intl.NumberFormat('en-US').format(1);\n", file)).toHaveLength(1);
    expect(await restricted("export const axis = { format: ',.2~f', tickCount: 5 };\n", file)).toHaveLength(1);
    expect(await restricted("export const axis = { labelExpr: \"format(datum.value, ',.1f')\" };\n", file)).toHaveLength(1);
    expect(await restricted("import { format } from 'd3-format';\nexport const f = format(',.2f');\n", file)).toHaveLength(1);
  }, 60_000);

  it('allows exact digits() in reports/, rounding with digits(x, places) only inside reports/press/, and toFixed nowhere', async () => {
    const head = "import { Decimal } from 'decimal.js';\nimport { digits } from '../../lib/exact-digits.js';\n";
    expect(await restricted(`${head}export const a = digits(new Decimal('1.5').plus(1));\n`, 'reports/charts/lint-probe.ts')).toEqual([]);
    const rounded = `${head}export const a = digits(new Decimal('1.25'), 1);\n`;
    expect(await restricted(rounded, 'reports/press/lint-probe.ts')).toEqual([]);
    expect(await restricted(rounded, 'reports/trade/lint-probe.ts')).toHaveLength(1);
    for (const file of ['reports/press/lint-probe.ts', 'reports/charts/lint-probe.ts'])
      expect(await restricted("import { Decimal } from 'decimal.js';\nexport const a = new Decimal('1.5').toFixed();\n", file)).toHaveLength(1);
  }, 60_000);
});
