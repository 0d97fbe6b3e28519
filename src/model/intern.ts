// One shared copy of strings that repeat across many contacts (lead ids, types, countries).
// Bounded so hostile data cannot grow it without limit.
const MAX_ENTRIES = 200_000;
const MAX_LENGTH = 64;
let table = new Map<string, string>();

export function intern<T extends string | null>(value: T): T {
  if (value === null || value.length > MAX_LENGTH) {
    return value;
  }
  const known = table.get(value);
  if (known !== undefined) {
    return known as T;
  }
  if (table.size >= MAX_ENTRIES) {
    table = new Map();
  }
  table.set(value, value);
  return value;
}
