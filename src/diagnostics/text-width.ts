// How many terminal columns text takes: wide characters (CJK) two, an emoji one glyph, combining
// marks none. Its own module so that an emitted program, which carries no string-width, can stand
// in a simpler count for it (src/emit/program/overrides.ts).

import stringWidth from 'string-width';

export function textWidth(text: string): number {
  // Printable ASCII is one column a character; string-width's grapheme walk is for the rest.
  return /^[\x20-\x7e]*$/.test(text) ? text.length : stringWidth(text);
}
