/**
 * The XML face of Open311 GeoReport v2, built from the very objects the JSON face sends,
 * so both formats carry the same whitelisted fields. Arrays become repeated child
 * elements named by ARRAY_ITEM (`services` → `<service>`), null becomes an empty element.
 */

export type XmlTree = string | number | boolean | null | undefined | XmlTree[] | { readonly [key: string]: XmlTree };

/** Child element name for each array-valued key, and for the document roots. */
const ARRAY_ITEM: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  timeline: 'step',
};

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF) become U+FFFD. */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

const HAS_NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const HAS_MARKUP = /[&<>"']/;

export function escapeXml(text: string): string {
  const clean = HAS_NOT_XML_CHAR.test(text) ? text.replace(NOT_XML_CHAR, '\uFFFD') : text;
  return HAS_MARKUP.test(clean) ? clean.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : clean;
}

function render(name: string, value: XmlTree, out: string[]): void {
  if (value === null || value === undefined || value === '') {
    out.push(`<${name}/>`);
  } else if (Array.isArray(value)) {
    const item = ARRAY_ITEM[name];
    if (!item) throw new Error(`open311-xml: no item name for array "${name}"`);
    out.push(`<${name}>`);
    for (const entry of value) render(item, entry, out);
    out.push(`</${name}>`);
  } else if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [key, child] of Object.entries(value)) render(key, child, out);
    out.push(`</${name}>`);
  } else if (typeof value === 'string') {
    out.push(`<${name}>${escapeXml(value)}</${name}>`);
  } else {
    out.push(`<${name}>${String(value)}</${name}>`);
  }
}

/** A whole document: `<?xml …?>` and one root element. Element names come from our code, never from input. */
export function xmlDocument(root: string, value: XmlTree): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  render(root, value, out);
  out.push('\n');
  return out.join('');
}
