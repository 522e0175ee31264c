/**
 * One estimate of text width, shared by vega's layout (installed by pipelines/charts.ts in place
 * of vega's 0.8 em per character) and by the map's label placement, so that both agree on how
 * much room a label takes. Widths are ems of Noto Sans / Noto Sans CJK, erring on the wide side:
 * a too-wide guess costs a little padding, a too-narrow one cuts text.
 */

/** Advance width of one character, in ems. */
export function charEm(ch: string): number {
  if (/[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/u.test(ch)) return 1;
  if (/[A-Z]/u.test(ch)) return 0.66;
  if (/[mwMW@%]/u.test(ch)) return 0.86;
  if (/[ilj.,:;'|!()[\]\s]/u.test(ch)) return 0.28;
  if (/[0-9]/u.test(ch)) return 0.57;
  return 0.57;
}

/**
 * Estimated width in px of `text` at `fontSize`, bold or not.
 * @example textWidth('Almaty', 9.5, true); // ≈ 36
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text.trim()) em += charEm(ch);
  return em * fontSize * (bold ? 1.1 : 1.03);
}
