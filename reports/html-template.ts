/**
 * The smallest safe HTML templating: everything is escaped unless it is `TrustedHtml`, and
 * `TrustedHtml` can only be made by the `html` tag (which escapes what it interpolates) or by
 * `trustSvg` for vega's own SVG output. Template files use two kinds of slot:
 *
 * - `{{name}}`      text, HTML-escaped (safe in element content and in quoted attributes);
 * - `{{{raw:name}}}` a pre-built `TrustedHtml` fragment, inserted as is.
 *
 * A slot without a value, or a value without a slot, is an error: templates and code stay in step.
 */

declare const trusted: unique symbol;

/** HTML that was built with escaping (or comes from a trusted renderer). */
export interface TrustedHtml {
  readonly [trusted]: true;
  readonly html: string;
}

const registry = new WeakSet<object>();
const make = (html: string): TrustedHtml => {
  const v = Object.freeze({ html }) as TrustedHtml;
  registry.add(v);
  return v;
};

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values.
 * @example escapeHtml('<script>alert(1)</script>'); // '&lt;script&gt;alert(1)&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => ENTITIES[c] ?? c);
}

/** True only for a value made by `html` or `trustSvg` (look-alike objects are refused). */
export function isTrustedHtml(v: unknown): v is TrustedHtml {
  return typeof v === 'object' && v !== null && registry.has(v);
}

type Part = string | number | TrustedHtml | readonly Part[] | null | undefined | false;

function render(v: Part): string {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return (v as readonly Part[]).map(render).join('');
  if (isTrustedHtml(v)) return v.html;
  return escapeHtml(String(v));
}

/**
 * Tagged template: literal markup is kept, every interpolated value is escaped unless it is
 * `TrustedHtml`; arrays are joined; `null`, `undefined` and `false` print nothing.
 * @example html`<p class="lead">${view.headlines[0]}</p>`
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): TrustedHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return make(out);
}

/**
 * Marks vega's SVG output as trusted after checking that it is a lone `<svg>` element with no
 * script, event handler, `foreignObject` or external reference (vega escapes text itself).
 * @example trustSvg(chart.svg);
 */
export function trustSvg(svg: string): TrustedHtml {
  const s = svg.trim();
  if (!/^<svg\b/u.test(s) || !s.endsWith('</svg>')) throw new Error('trustSvg: not a single <svg> element');
  if (/<script|<foreignObject|\son[a-z]+\s*=|javascript:|(?:href|src)\s*=\s*"(?!#)/iu.test(s)) {
    throw new Error('trustSvg: SVG contains a script, an event handler or an external reference');
  }
  // Namespace declarations are implied in HTML; dropping them keeps the page free of URLs.
  return make(s.replace(/\s+xmlns(?::xlink)?="[^"]*"/gu, ''));
}

/**
 * Marks the project's own stylesheet as trusted after checking that it cannot close the
 * `<style>` element nor load anything (`url(`, `@import`).
 * @example trustCss(readFileSync('templates/bulletin.css', 'utf8'));
 */
export function trustCss(css: string): TrustedHtml {
  if (/<\/style|@import|url\(/iu.test(css))
    throw new Error('trustCss: stylesheet closes <style> or loads a resource');
  return make(css);
}

/**
 * Fills a template's slots. Throws on a slot without a value and on a value without a slot.
 * @example fillSlots('<h1>{{title}}</h1>{{{raw:body}}}', { title: 'A & B' }, { body: html`<p>…</p>` });
 */
export function fillSlots(
  template: string,
  text: Record<string, string>,
  raw: Record<string, TrustedHtml> = {},
): string {
  const used = new Set<string>();
  const out = template.replace(
    /\{\{\{raw:([a-zA-Z][\w-]*)\}\}\}|\{\{([a-zA-Z][\w-]*)\}\}/gu,
    (_m, rawName?: string, textName?: string) => {
      if (rawName) {
        const v = raw[rawName];
        if (!v || !isTrustedHtml(v))
          throw new Error(`fillSlots: no trusted HTML for slot {{{raw:${rawName}}}}`);
        used.add(`raw:${rawName}`);
        return v.html;
      }
      const name = textName ?? '';
      const v = text[name];
      if (v === undefined) throw new Error(`fillSlots: no value for slot {{${name}}}`);
      used.add(name);
      return escapeHtml(v);
    },
  );
  const unused = [...Object.keys(text), ...Object.keys(raw).map((k) => `raw:${k}`)].filter(
    (k) => !used.has(k),
  );
  if (unused.length) throw new Error(`fillSlots: values without a slot: ${unused.join(', ')}`);
  return out;
}
