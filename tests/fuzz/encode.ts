/**
 * Body encoders that keep what a JavaScript string can hold but UTF-8 cannot (lone surrogates)
 * by writing WTF-8 bytes, as far as HTTP lets such bytes through.
 */

/** One field of a form; a filename makes it a file part in multipart bodies. */
export interface FormPair {
  name: string;
  value: string;
  filename?: string;
}

/** UTF-8, except that unpaired surrogates are written as their 3-byte sequences (WTF-8). */
export function wtf8(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Buffer.from(bytes);
}

const unreserved = /[A-Za-z0-9*._-]/;

/** application/x-www-form-urlencoded, byte by byte. */
export function percentEncode(text: string, space = '+'): string {
  let out = '';
  for (const byte of wtf8(text)) {
    const ch = String.fromCharCode(byte);
    if (byte === 0x20) out += space;
    else if (byte < 0x80 && unreserved.test(ch)) out += ch;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function encodeForm(pairs: readonly FormPair[]): Buffer {
  return Buffer.from(pairs.map((p) => `${percentEncode(p.name)}=${percentEncode(p.value)}`).join('&'), 'latin1');
}

/** multipart/form-data as browsers write it (quotes and newlines in names percent-encoded). */
export function encodeMultipart(pairs: readonly FormPair[], boundary: string): Buffer {
  const quote = (s: string) => s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const parts: Buffer[] = [];
  for (const p of pairs) {
    const disposition =
      p.filename === undefined
        ? `Content-Disposition: form-data; name="${quote(p.name)}"\r\n\r\n`
        : `Content-Disposition: form-data; name="${quote(p.name)}"; filename="${quote(p.filename)}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    parts.push(Buffer.from(`--${boundary}\r\n`, 'latin1'), wtf8(disposition), wtf8(p.value), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** The form as JSON: repeated fields become arrays, some values become numbers or objects. */
export function encodeJson(pairs: readonly FormPair[]): Buffer {
  const out = Object.create(null) as Record<string, unknown>; // "__proto__" stays a field
  for (const p of pairs) {
    const prev = out[p.name];
    const value = /^-?\d+$/.test(p.value) ? Number(p.value) : p.filename ? { file: p.value } : p.value;
    out[p.name] = prev === undefined ? value : Array.isArray(prev) ? [...(prev as unknown[]), value] : [prev, value];
  }
  return Buffer.from(JSON.stringify(out), 'utf8');
}
