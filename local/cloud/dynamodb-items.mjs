// Pure helpers on DynamoDB-JSON items ({"S": "..."}, {"N": "42"}, ...), shared by the stream proxy and its store.

/**
 * The primary key of `item` per the table's KeySchema ([{AttributeName, KeyType}]), as a DynamoDB-JSON map.
 * @returns {object|undefined} undefined when a key attribute is missing
 */
export function keyOf(item, keySchema) {
  const key = {};
  for (const { AttributeName } of keySchema) {
    if (!item || item[AttributeName] === undefined) return undefined;
    key[AttributeName] = item[AttributeName];
  }
  return key;
}

/** A stable string for a key map (attribute order from the KeySchema), usable as a Map key. */
export function keyString(key, keySchema) {
  return JSON.stringify(keySchema.map(({ AttributeName }) => key[AttributeName]));
}

/**
 * Deep equality of two DynamoDB-JSON items. Sets (SS/NS/BS) compare as sets; numbers as written by DynamoDB
 * (both sides come from GetItem, which normalises them).
 */
export function sameItem(a, b) {
  return canonical(a) === canonical(b);
}

function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => {
      const v = value[k];
      const c = (k === 'SS' || k === 'NS' || k === 'BS') && Array.isArray(v) ? `[${v.map(canonical).sort().join(',')}]` : canonical(v);
      return `${JSON.stringify(k)}:${c}`;
    }).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Approximate size in bytes of an item as DynamoDB counts it (AWS Developer Guide, "Item sizes and formats"):
 * attribute names plus values; strings and binaries by length, numbers about 1 byte per 2 digits + 1,
 * booleans and nulls 1 byte, lists and maps 3 bytes of overhead plus 1 byte per element.
 */
export function itemSize(item) {
  if (!item) return 0;
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(value) {
  const [type, v] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S': return Buffer.byteLength(v);
    case 'B': return Buffer.from(v, 'base64').length;
    case 'N': return numberSize(v);
    case 'BOOL': case 'NULL': return 1;
    case 'SS': return v.reduce((n, s) => n + Buffer.byteLength(s), 0);
    case 'NS': return v.reduce((n, s) => n + numberSize(s), 0);
    case 'BS': return v.reduce((n, s) => n + Buffer.from(s, 'base64').length, 0);
    case 'L': return 3 + v.reduce((n, e) => n + 1 + valueSize(e), 0);
    case 'M': return 3 + Object.entries(v).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + valueSize(e), 0);
    default: return 0;
  }
}

function numberSize(n) {
  const digits = String(n).replace(/^-/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').length;
  return Math.ceil(Math.max(digits, 1) / 2) + 1;
}
