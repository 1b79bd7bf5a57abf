import { z } from "zod";

/**
 * The keys the object schema at `path` inside `schema` defines (`["agent"]` → name, model, …),
 * or [] when no object schema is there. Follows objects, records, arrays, tuples, optionals and
 * the object member of a union, as zod does when it validates.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let at: z.ZodType | undefined = schema;
  for (const segment of path) {
    if (at === undefined) return [];
    at = childOf(at, segment);
  }
  const object = at === undefined ? undefined : objectOf(at);
  return object === undefined ? [] : Object.keys(object.shape);
}

function unwrap(schema: z.ZodType): z.ZodType {
  let at = schema;
  while (at instanceof z.ZodOptional || at instanceof z.ZodNullable) at = at.unwrap() as z.ZodType;
  return at;
}

function childOf(schema: z.ZodType, segment: PropertyKey): z.ZodType | undefined {
  const at = unwrap(schema);
  if (at instanceof z.ZodObject)
    return (at.shape as Readonly<Record<string, z.ZodType | undefined>>)[String(segment)];
  if (at instanceof z.ZodRecord) return at.valueType as z.ZodType;
  if (at instanceof z.ZodArray) return at.element as z.ZodType;
  if (at instanceof z.ZodTuple) return at.def.items[Number(segment)] as z.ZodType | undefined;
  if (at instanceof z.ZodUnion) {
    for (const option of at.options as readonly z.ZodType[]) {
      const child = childOf(option, segment);
      if (child !== undefined) return child;
    }
  }
  return undefined;
}

function objectOf(schema: z.ZodType): z.ZodObject | undefined {
  const at = unwrap(schema);
  if (at instanceof z.ZodObject) return at;
  if (!(at instanceof z.ZodUnion)) return undefined;
  for (const option of at.options as readonly z.ZodType[]) {
    const object = objectOf(option);
    if (object !== undefined) return object;
  }
  return undefined;
}
