import { describeThrown } from "../errors/describe-thrown.ts";
import { type JsonValue, MAX_JSON_DEPTH } from "../messages/json.ts";

/** The outcome of turning a value into JSON data: the data (undefined: nothing), or why not. */
export type ToJsonResult =
  | { success: true; value: JsonValue | undefined }
  | { success: false; message: string };

/**
 * Turns a value into plain JSON data, read the way `JSON.stringify` reads it (own enumerable
 * properties, `toJSON()`, undefined properties left out, NaN and ±Infinity as null), with Map as
 * an object of its entries and Set as an array. What JSON cannot say is refused with a message
 * naming where it is: a function or a symbol given on its own (inside an object or array they are
 * left out, as JSON.stringify does), a BigInt, a circular reference, arrays and objects nested
 * more than `MAX_JSON_DEPTH` levels, a getter or `toJSON()` that throws.
 */
export function toJsonValue(value: unknown): ToJsonResult {
  const walk = new Walk();
  const out = walk.visit(value, "", 0);
  return out instanceof Refusal
    ? { success: false, message: out.reason }
    : { success: true, value: out };
}

class Refusal {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

const PLAIN_DATA = "return plain data: strings, numbers, booleans, null, arrays and objects";

class Walk {
  /** Keys from the root to the value being read; made into text only for a message. */
  readonly #path: (string | number)[] = [];
  /** The objects being read (at most MAX_JSON_DEPTH), to tell a cycle from a shared object. */
  readonly #ancestors: object[] = [];

  visit(value: unknown, key: string, depth: number): JsonValue | undefined | Refusal {
    let current = value;
    if (typeof current === "object" && current !== null && !Array.isArray(current)) {
      try {
        const toJSON = (current as { toJSON?: unknown }).toJSON;
        if (typeof toJSON === "function") current = toJSON.call(current, key);
      } catch (error) {
        return this.#threw(`toJSON()${this.#where()}`, error);
      }
      if (
        current instanceof Number ||
        current instanceof String ||
        current instanceof Boolean ||
        current instanceof BigInt
      ) {
        current = current.valueOf();
      }
    }
    switch (typeof current) {
      case "string":
      case "boolean":
        return current;
      case "number":
        return Number.isFinite(current) ? current : null;
      case "undefined":
        return undefined;
      case "function":
      case "symbol":
        // Inside an object or array they are left out (null in an array), as JSON.stringify
        // does (a result's `refetch()` method); returned on their own there is nothing to send.
        if (depth > 0) return undefined;
        return new Refusal(`a ${typeof current}${this.#where()} (${PLAIN_DATA})`);
      case "bigint":
        return new Refusal(`a BigInt${this.#where()} (convert it to a string or a number first)`);
      case "object":
        return current === null ? null : this.#container(current, depth + 1);
      default:
        // `typeof` has no other answers today; a future one is refused rather than guessed.
        return new Refusal(`a value of type ${typeof current}${this.#where()} (${PLAIN_DATA})`);
    }
  }

  #container(object: object, depth: number): JsonValue | Refusal {
    if (depth > MAX_JSON_DEPTH) {
      return new Refusal(
        `arrays and objects nested more than ${MAX_JSON_DEPTH} levels deep (${PLAIN_DATA}, less deeply nested)`,
      );
    }
    if (this.#ancestors.includes(object)) {
      return new Refusal(
        `a circular reference${this.#where()} (an object that contains itself; ${PLAIN_DATA})`,
      );
    }
    this.#ancestors.push(object);
    const out = Array.isArray(object)
      ? this.#items(object, depth)
      : object instanceof Set
        ? this.#items([...object], depth)
        : object instanceof Map
          ? this.#mapEntries(object, depth)
          : this.#properties(object, depth);
    this.#ancestors.pop();
    return out;
  }

  #properties(object: object, depth: number): JsonValue | Refusal {
    let keys: string[];
    try {
      keys = Object.keys(object);
    } catch (error) {
      return this.#threw(`its keys${this.#where()}`, error);
    }
    const out: Record<string, JsonValue> = {};
    for (const key of keys) {
      this.#path.push(key);
      let item: unknown;
      try {
        item = (object as Record<string, unknown>)[key];
      } catch (error) {
        return this.#threw(`reading "${this.#pathText()}"`, error);
      }
      const value = this.visit(item, key, depth);
      this.#path.pop();
      if (value instanceof Refusal) return value;
      if (value !== undefined) setKey(out, key, value);
    }
    return out;
  }

  #items(array: readonly unknown[], depth: number): JsonValue[] | Refusal {
    const out: JsonValue[] = [];
    for (let i = 0; i < array.length; i++) {
      this.#path.push(i);
      let item: unknown;
      try {
        item = array[i];
      } catch (error) {
        return this.#threw(`reading "${this.#pathText()}"`, error);
      }
      const value = this.visit(item, String(i), depth);
      this.#path.pop();
      if (value instanceof Refusal) return value;
      out.push(value ?? null);
    }
    return out;
  }

  #mapEntries(map: ReadonlyMap<unknown, unknown>, depth: number): JsonValue | Refusal {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of map) {
      if (typeof key !== "string" && !(typeof key === "number" && Number.isFinite(key))) {
        return new Refusal(
          `a Map key that is not a string or a number${this.#where()} (use string keys)`,
        );
      }
      const name = String(key);
      this.#path.push(name);
      const value = this.visit(item, name, depth);
      this.#path.pop();
      if (value instanceof Refusal) return value;
      if (value !== undefined) setKey(out, name, value);
    }
    return out;
  }

  #threw(what: string, error: unknown): Refusal {
    return new Refusal(`${what} threw ${describeThrown(error)}`);
  }

  /** ` at "items[2].cb"`, or nothing for the value itself. */
  #where(): string {
    return this.#path.length === 0 ? "" : ` at "${this.#pathText()}"`;
  }

  #pathText(): string {
    let text = "";
    for (const key of this.#path)
      text += typeof key === "number" ? `[${key}]` : text === "" ? key : `.${key}`;
    return text;
  }
}

/** Sets an own property; `__proto__` stays a key, as JSON text has it, not the prototype. */
function setKey(object: Record<string, JsonValue>, key: string, value: JsonValue): void {
  if (key === "__proto__")
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else object[key] = value;
}
