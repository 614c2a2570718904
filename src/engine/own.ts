// Lookups by a name the user typed: only a table's own entries count, so "constructor",
// "__proto__" or "valueOf" are unknown names, not Object.prototype's members (issue 11).
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
