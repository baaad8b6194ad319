/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A tagged template whose interpolations are escaped unless wrapped in `raw()`. */
export type Raw = { readonly html: string };

export function raw(html: string): Raw {
  return { html };
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const part = Array.isArray(value)
      ? value
          .map((v) => (typeof v === 'object' && v && 'html' in v ? (v as Raw).html : escapeHtml(v)))
          .join('')
      : typeof value === 'object' && value && 'html' in value
        ? (value as Raw).html
        : escapeHtml(value);
    out += part + (strings[i + 1] ?? '');
  });
  return { html: out };
}
