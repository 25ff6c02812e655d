/**
 * Byte-level pieces of the Telegram HTML parser (telegram-html.ts): TDLib walks UTF-8 bytes as a
 * NUL-terminated C string, and these helpers keep that behaviour, NUL included.
 */

export const LT = 0x3c;
export const GT = 0x3e;
export const AMP = 0x26;
export const SLASH = 0x2f;
export const EQUALS = 0x3d;
export const SEMICOLON = 0x3b;
export const QUOTE = 0x22;
export const APOSTROPHE = 0x27;
const HASH = 0x23;
const LOWER_X = 0x78;

/** TDLib's is_space counts NUL, which is what stops its loops at the end of the C string. */
export const isSpace = (c: number) =>
  c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0;
export const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
export const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
export const isAlnum = (c: number) => isDigit(c) || isAlpha(c);
const hexValue = (c: number): number | undefined => {
  if (isDigit(c)) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return undefined;
};

/** The byte at `i`; past the end reads as NUL, as in the C string TDLib walks. */
export const byteAt = (bytes: Uint8Array, i: number): number =>
  i < bytes.length ? (bytes[i] as number) : 0;

/** One decoder for every parse: making one per call costs more than the decoding. */
export const UTF8 = new TextDecoder();

/** ASCII-lowercased text of a byte range, as TDLib's to_lower (other letters stay as they are). */
export function asciiLower(bytes: Uint8Array, start: number, end: number): string {
  let ascii = "";
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    // A byte beyond ASCII: decode the range as UTF-8 (TDLib lowers only A-Z).
    if (c >= 0x80)
      return UTF8.decode(
        bytes.slice(start, end).map((b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b)),
      );
    ascii += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  }
  return ascii;
}

/** The four named entities Telegram knows; any other name is left as text. */
const NAMED_ENTITIES: Readonly<Record<string, number>> = { lt: LT, gt: GT, amp: AMP, quot: 0x22 };

/** A decoded character reference: its code point and the index just after it. */
export interface DecodedEntity {
  codePoint: number;
  end: number;
}

/**
 * TDLib's decode_html_entity: `&lt;` `&gt;` `&amp;` `&quot;` and numeric references, the `;`
 * optional. Returns undefined for anything else, which Telegram then keeps as literal text.
 */
export function decodeHtmlEntity(bytes: Uint8Array, pos: number): DecodedEntity | undefined {
  const at = (i: number) => byteAt(bytes, i);
  let end = pos + 1;
  let codePoint = 0;
  if (at(pos + 1) === HASH) {
    end++;
    if (at(pos + 2) === LOWER_X) {
      end++;
      for (let digit = hexValue(at(end)); digit !== undefined; digit = hexValue(at(end))) {
        codePoint = codePoint * 16 + digit;
        end++;
      }
    } else {
      while (isDigit(at(end))) codePoint = codePoint * 10 + (at(end++) - 0x30);
    }
    if (codePoint === 0 || codePoint >= 0x10ffff || end - pos >= 10) return undefined;
  } else {
    while (isAlpha(at(end))) end++;
    const known = NAMED_ENTITIES[UTF8.decode(bytes.subarray(pos + 1, end))];
    if (known === undefined) return undefined;
    codePoint = known;
  }
  return { codePoint, end: at(end) === SEMICOLON ? end + 1 : end };
}

/** Appends a code point as UTF-8, lone surrogates included (TDLib checks them afterwards). */
export function appendCodePoint(target: number[], codePoint: number): void {
  if (codePoint < 0x80) {
    target.push(codePoint);
  } else if (codePoint < 0x800) {
    target.push(0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f));
  } else if (codePoint < 0x10000) {
    target.push(
      0xe0 | (codePoint >> 12),
      0x80 | ((codePoint >> 6) & 0x3f),
      0x80 | (codePoint & 0x3f),
    );
  } else {
    target.push(
      0xf0 | (codePoint >> 18),
      0x80 | ((codePoint >> 12) & 0x3f),
      0x80 | ((codePoint >> 6) & 0x3f),
      0x80 | (codePoint & 0x3f),
    );
  }
}
