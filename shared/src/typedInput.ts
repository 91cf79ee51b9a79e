/**
 * Values as people type them on phones (full-width characters, spaces, separators, a country
 * prefix), brought to the one form that is checked, hashed and stored. The schemas apply these,
 * so the mini-program and the BFF normalise alike. Each is idempotent, and none removes or
 * changes a character that carries meaning: a value that is wrong stays wrong.
 */

const WHITESPACE = /\s+/gu;
/** Hyphen-minus and the dashes a phone's keyboard or a pasted number may carry. */
const DASHES = /[-\u2010-\u2015\u2212]/gu;

/**
 * NFKC (full-width → ASCII, the ideographic space → a space), then without `removable`. NFKC runs
 * again last: removing a character can leave a sequence it composes differently, and the second
 * pass makes the result a fixed point.
 */
function compactWidth(text: string, removable: readonly RegExp[], upperCase = false): string {
  let compact = text.normalize('NFKC');
  for (const pattern of removable) compact = compact.replace(pattern, '');
  // ASCII letters only: Unicode upper-casing can change what NFKC composes.
  if (upperCase) compact = compact.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
  return compact.normalize('NFKC');
}

/** +86, 0086 or 86 before a mainland mobile number (11 digits starting with 1). */
const COUNTRY_PREFIXED_MOBILE = /^(?:\+86|0086|86)(1\d{10})$/;

/** `+86 138-0013-8000`, `０１３８ ００１３ ８０００` → `13800138000`; anything else only compacted. */
export function normalizeMobile(text: string): string {
  const compact = compactWidth(text, [WHITESPACE, DASHES]);
  return COUNTRY_PREFIXED_MOBILE.exec(compact)?.[1] ?? compact;
}

/** Full-width digits, spaces and a lower-case check character x: `１１０１０１ 19900307 123ｘ` → `11010119900307123X`. */
export function normalizeNationalId(text: string): string {
  return compactWidth(text, [WHITESPACE], true);
}

/** Full-width characters, spaces and lower case: `ｈｘｑ３ x7` → `HXQ3X7`. */
export function normalizeUnionCode(text: string): string {
  return compactWidth(text, [WHITESPACE], true);
}

/** The interpunct (间隔号) stored between the parts of a name: U+00B7. */
export const NAME_SEPARATOR = '\u00B7';
/**
 * What people type for it: ·, •, ・ (and its half-width ･, which NFKC turns into ・), ‧, and a
 * full stop, ASCII or full-width (NFKC turns ． into .). A full stop at either end is folded too,
 * and then refused like any separator there.
 */
const SEPARATOR_RUN = /\s*[\u00B7\u2022\u30FB\u2027.](?:[\s\u00B7\u2022\u30FB\u2027.]*[\u00B7\u2022\u30FB\u2027.])?\s*/gu;

/** `  阿依古丽 • 买买提 ` → `阿依古丽·买买提`: one separator, no space around it, spaces collapsed, trimmed. */
export function normalizePersonName(text: string): string {
  return text.normalize('NFKC').replace(SEPARATOR_RUN, NAME_SEPARATOR).replace(WHITESPACE, ' ').trim();
}

/** Full-width digits, spaces and dashes: `０００１ ２３４-５` → `00012345`. */
export function normalizePassNumber(text: string): string {
  return compactWidth(text, [WHITESPACE, DASHES]);
}
