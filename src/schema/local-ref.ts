/** A JSON Schema as this module reads it: an object of keywords, or `true`/`false`. */
export type SchemaNode = Readonly<Record<string, unknown>> | boolean;

/** A schema reached by a local `$ref`, and its JSON Pointer from the root. */
export interface ResolvedRef {
  schema: SchemaNode;
  pointer: string;
}

/** A JSON Pointer token: `~` and `/` escaped (RFC 6901). */
export function pointerToken(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

/**
 * Resolves a local reference (`#/$defs/address`, `#/definitions/a`, `#`) in `root`; undefined for
 * a reference to another document, or one that points nowhere.
 */
export function resolveLocalRef(root: SchemaNode, ref: string): ResolvedRef | undefined {
  if (!ref.startsWith("#")) return undefined;
  let pointer: string;
  try {
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (pointer !== "" && !pointer.startsWith("/")) return undefined;
  let at: unknown = root;
  for (const raw of pointer === "" ? [] : pointer.slice(1).split("/")) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof at !== "object" || at === null || !Object.hasOwn(at, token)) return undefined;
    at = (at as Record<string, unknown>)[token];
  }
  if (typeof at !== "boolean" && (typeof at !== "object" || at === null || Array.isArray(at)))
    return undefined;
  return { schema: at as SchemaNode, pointer };
}

/** True when a schema node is an object of keywords (not `true`/`false`). */
export function isSchemaObject(node: unknown): node is Readonly<Record<string, unknown>> {
  return typeof node === "object" && node !== null && !Array.isArray(node);
}
