/**
 * Canonical, self-delimiting string encodings of BSON values.
 *
 * They are the keys of the document map (`_id`) and of every in-memory index, so two
 * values get the same encoding exactly when MongoDB's equality says they are equal:
 * - numbers of any BSON type (int32, double, int64, integral decimal128) with the same
 *   numeric value are equal: 1, 1.0 and Long(1) encode alike, but never like the string "1";
 * - ObjectIds compare by their bytes, Dates by their time;
 * - embedded documents compare field by field *in order* ({a,b} ≠ {b,a}), arrays element-wise;
 * - null and a missing field are the same index key (MongoDB indexes a missing field as null).
 *
 * Every encoding is self-delimiting (strings carry their length, numbers end with ';'), so
 * the encodings of a compound key's parts can simply be concatenated.
 */

/** The tag for a missing value or null. */
const NULL_KEY = 'N';

interface BsonTagged {
  _bsontype: string;
}

function bsonType(value: object): string | undefined {
  const tag = (value as Partial<BsonTagged>)._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/*
 * Encoders push parts onto an array that is joined once: `join` yields one flat string,
 * whereas `+`/template concatenation builds rope (cons) strings that would keep every
 * piece alive as long as the key sits in an index — a real cost at 100k documents.
 */
type Parts = string[];

/** Integral values use their exact decimal form so 2**60 as double equals Long 2**60. */
function pushNumber(n: number, out: Parts): void {
  if (Number.isNaN(n)) out.push('dNaN;');
  else if (!Number.isFinite(n)) out.push(n > 0 ? 'dInf;' : 'd-Inf;');
  else if (Number.isSafeInteger(n)) out.push('d', String(n === 0 ? 0 : n), ';');
  else if (Number.isInteger(n)) out.push('d', BigInt(n).toString(), ';');
  else out.push('d', String(n), ';');
}

function pushString(tag: string, s: string, out: Parts): void {
  out.push(tag, String(s.length), ':', s);
}

function pushDecimal(text: string, out: Parts): void {
  // An integral decimal128 within double precision equals the same number of any other
  // numeric type; other decimals keep their own (exact) text.
  const n = Number(text);
  if (Number.isSafeInteger(n) && /^-?\d+(\.0*)?$/.test(text)) pushNumber(n, out);
  else pushString('D', text, out);
}

function pushBsonObject(tag: string, value: object, out: Parts): void {
  const v = value as Record<string, unknown> & { toString(radix?: unknown): string };
  switch (tag) {
    case 'ObjectId':
      // The 12 bytes as 12 one-byte characters: half the size of the hex form.
      out.push('o', String.fromCharCode(...(value as { id: Uint8Array }).id));
      return;
    case 'Long': {
      const text = v.toString();
      const n = Number(text);
      if (Number.isSafeInteger(n)) pushNumber(n, out);
      else out.push('d', text, ';');
      return;
    }
    case 'Int32':
    case 'Double':
      pushNumber(Number((value as { value: number }).value), out);
      return;
    case 'Decimal128':
      pushDecimal(v.toString(), out);
      return;
    case 'Binary': {
      const bin = value as { sub_type: number; buffer: Uint8Array };
      pushString(`x${bin.sub_type}:`, Buffer.from(bin.buffer).toString('base64'), out);
      return;
    }
    case 'Timestamp':
      out.push('p', v.toString(), ';');
      return;
    case 'MinKey':
      out.push('m');
      return;
    case 'MaxKey':
      out.push('M');
      return;
    case 'BSONRegExp': {
      const re = value as { pattern: string; options: string };
      pushString('r', re.pattern, out);
      pushString('', re.options, out);
      return;
    }
    case 'BSONSymbol':
      pushString('s', v.toString(), out);
      return;
    default:
      // Code, DBRef, …: rare as keys; their JSON form is stable enough to compare by.
      pushString(`?${tag}:`, JSON.stringify(value), out);
  }
}

function pushValue(value: unknown, out: Parts): void {
  if (value === null || value === undefined) {
    out.push(NULL_KEY);
    return;
  }
  switch (typeof value) {
    case 'number':
      pushNumber(value, out);
      return;
    case 'bigint':
      out.push('d', value.toString(), ';');
      return;
    case 'string':
      pushString('s', value, out);
      return;
    case 'boolean':
      out.push(value ? 'T' : 'F');
      return;
    case 'object':
      break;
    default:
      pushString('?', String(value), out);
      return;
  }
  if (value instanceof Date) {
    out.push('t', String(value.getTime()), ';');
  } else if (value instanceof RegExp) {
    pushString('r', value.source, out);
    pushString('', value.flags, out);
  } else if (Array.isArray(value)) {
    out.push('[');
    for (const element of value) pushValue(element, out);
    out.push(']');
  } else if (value instanceof Uint8Array) {
    pushString('x0:', Buffer.from(value).toString('base64'), out);
  } else {
    const tag = bsonType(value);
    if (tag !== undefined) {
      pushBsonObject(tag, value, out);
      return;
    }
    out.push('{');
    for (const [k, v] of Object.entries(value)) {
      pushString('', k, out);
      pushValue(v, out);
    }
    out.push('}');
  }
}

/** The canonical encoding of one BSON value (see the module comment). */
export function encodeValue(value: unknown): string {
  const parts: Parts = [];
  pushValue(value, parts);
  return parts.join('');
}

/** The key of a compound index entry: the concatenated encodings of its parts. */
export function encodeCompound(values: readonly unknown[]): string {
  const parts: Parts = [];
  for (const v of values) pushValue(v, parts);
  return parts.join('');
}

/**
 * Renders a value the way mongod prints it in `dup key: { … }` messages, e.g.
 * `"x"`, `1`, `ObjectId('…')`, `new Date(1700000000000)`, `null`.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  if (Array.isArray(value)) return `[ ${value.map(formatValue).join(', ')} ]`;
  if (typeof value === 'object') {
    const tag = bsonType(value);
    if (tag === 'ObjectId') return `ObjectId('${(value as { toHexString(): string }).toHexString()}')`;
    if (tag !== undefined) return `${tag}(${JSON.stringify(String(value))})`;
    const parts = Object.entries(value).map(([k, v]) => `${k}: ${formatValue(v)}`);
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }
  return String(value);
}

/** BSON comparison order of types (MinKey < null < numbers < strings < objects < …). */
function typeRank(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'number' || typeof value === 'bigint') return 2;
  if (typeof value === 'string') return 3;
  if (typeof value === 'boolean') return 8;
  if (value instanceof Date) return 9;
  if (value instanceof RegExp) return 11;
  if (Array.isArray(value)) return 5;
  if (typeof value === 'object') {
    switch (bsonType(value)) {
      case 'MinKey':
        return 0;
      case 'MaxKey':
        return 12;
      case 'Long':
      case 'Int32':
      case 'Double':
      case 'Decimal128':
        return 2;
      case 'BSONSymbol':
        return 3;
      case 'Binary':
        return 6;
      case 'ObjectId':
        return 7;
      case 'Timestamp':
        return 10;
      case 'BSONRegExp':
        return 11;
      case undefined:
        return 4;
      default:
        return 13;
    }
  }
  return 13;
}

/** A total order close to MongoDB's, used to return `distinct` values in a stable order. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 2) {
    const na = Number(typeof a === 'object' && a !== null ? String(a) : a);
    const nb = Number(typeof b === 'object' && b !== null ? String(b) : b);
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  const ea = encodeValue(a);
  const eb = encodeValue(b);
  return ea < eb ? -1 : ea > eb ? 1 : 0;
}
