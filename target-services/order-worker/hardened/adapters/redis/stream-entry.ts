/** A stream entry as ioredis returns it: the id and the fields flattened [name, value, ...]. */
export type StreamEntry = [id: string, fields: string[]];

export function fieldsOf(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string;
  return fields;
}
