/** An open container of the prefix, and where to cut it when its last member is unfinished. */
interface Frame {
  kind: "object" | "array";
  /**
   * What the container expects next: `start` (after `{` / `[`), `key` (an object's key after a
   * comma), `colon`, `value` (an object's value after `:`, an array's after a comma), `next`
   * (a comma or the closing bracket, after a member).
   */
  phase: "start" | "key" | "colon" | "value" | "next";
  /** The text up to here, closed, is valid: after the opening bracket or the last whole member. */
  cut: number;
}

/** The scalar the prefix ends in, if it ends inside one. */
interface OpenScalar {
  kind: "string" | "key" | "number" | "literal";
  start: number;
  /** Strings: where an unfinished escape (`\`, `\u00`) starts, dropped when the string is closed. */
  escape: number | undefined;
}

const LITERALS = ["true", "false", "null"] as const;

/**
 * The value of an unfinished JSON text, as far as it goes: open strings, arrays and objects are
 * closed, an object's last key without a value is dropped (as is an array's or object's member
 * cut before its value starts), a partial number keeps its digits (`1.` is 1, `-` is nothing),
 * and a partial literal is completed (`tr` is true). A complete JSON text gives what
 * `JSON.parse` gives. Undefined when there is no value yet (empty or blank text, a lone `-`) or
 * when the text is not the start of a JSON text. Never throws.
 */
export function parsePartialJson(text: string): unknown {
  const completed = completeJson(text);
  if (completed === undefined) return undefined;
  try {
    return JSON.parse(completed);
  } catch {
    return undefined;
  }
}

/**
 * The shortest completion of a JSON prefix (see `parsePartialJson`), or undefined when there is
 * nothing to complete or the text cannot start a JSON text. One pass; the tokens' own grammar
 * (escapes, number forms) is left to `JSON.parse`, which refuses a malformed one.
 */
export function completeJson(text: string): string | undefined {
  const stack: Frame[] = [];
  let scalar: OpenScalar | undefined;
  let done = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (scalar !== undefined) {
      if (scalar.kind === "string" || scalar.kind === "key") {
        if (scalar.escape !== undefined) {
          // `\` then one character, or `\u` then four hex digits, ends the escape.
          const length = i - scalar.escape;
          const unicode = text.charCodeAt(scalar.escape + 1) === 0x75; // u
          if (!unicode || length >= 5) scalar.escape = undefined;
          continue;
        }
        if (c === 0x5c)
          scalar.escape = i; // backslash
        else if (c === 0x22) {
          // The closing quote.
          if (scalar.kind === "key") stack.at(-1)!.phase = "colon";
          else done = valueEnded(stack, i + 1);
          scalar = undefined;
        }
        continue;
      }
      if (isScalarChar(c, scalar.kind)) {
        if (scalar.kind === "literal" && !isLiteralStart(text.slice(scalar.start, i + 1)))
          return undefined;
        continue;
      }
      if (scalar.kind === "literal" && !isLiteral(text.slice(scalar.start, i))) return undefined;
      scalar = undefined;
      done = valueEnded(stack, i);
    }
    if (isSpace(c)) continue;
    if (done) return undefined;
    const top = stack.at(-1);
    if (c === 0x22 && (top?.phase === "start" || top?.phase === "key") && top.kind === "object") {
      scalar = { kind: "key", start: i, escape: undefined };
      continue;
    }
    if (top !== undefined && top.phase === "colon") {
      if (c !== 0x3a) return undefined; // :
      top.phase = "value";
      continue;
    }
    if (top !== undefined && top.phase === "next") {
      if (c === 0x2c)
        top.phase = top.kind === "object" ? "key" : "value"; // ,
      else if (c === (top.kind === "object" ? 0x7d : 0x5d)) {
        stack.pop();
        done = valueEnded(stack, i + 1);
      } else return undefined;
      continue;
    }
    if (top !== undefined && top.phase === "start" && c === (top.kind === "object" ? 0x7d : 0x5d)) {
      stack.pop();
      done = valueEnded(stack, i + 1);
      continue;
    }
    // Only a value may come here: the root, an object's value, an array's item.
    if (top !== undefined && top.kind === "object" && top.phase !== "value") return undefined;
    if (c === 0x7b || c === 0x5b) {
      stack.push({ kind: c === 0x7b ? "object" : "array", phase: "start", cut: i + 1 });
    } else if (c === 0x22) scalar = { kind: "string", start: i, escape: undefined };
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39))
      scalar = { kind: "number", start: i, escape: undefined };
    else if (c === 0x74 || c === 0x66 || c === 0x6e)
      scalar = { kind: "literal", start: i, escape: undefined }; // t, f, n
    else return undefined;
  }
  return close(text, stack, scalar, done);
}

/** The text closed at its end: the open scalar finished or cut, then every open container. */
function close(
  text: string,
  stack: readonly Frame[],
  scalar: OpenScalar | undefined,
  done: boolean,
): string | undefined {
  if (done && scalar === undefined) return text;
  const top = stack.at(-1);
  const body = scalar === undefined ? between(text, top) : closeScalar(text, scalar);
  // A member with nothing to keep (an unfinished key, a lone `-`) is cut, with its comma.
  const kept = body ?? (top === undefined ? undefined : text.slice(0, top.cut));
  if (kept === undefined) return undefined;
  let closers = "";
  for (let i = stack.length - 1; i >= 0; i--) closers += stack[i]!.kind === "object" ? "}" : "]";
  return kept + closers;
}

/** Text that ends between tokens: whole after `{`, `[` or a member; else the member is cut. */
function between(text: string, top: Frame | undefined): string | undefined {
  if (top === undefined) return undefined;
  return top.phase === "start" || top.phase === "next" ? text : text.slice(0, top.cut);
}

/** The text with its open scalar finished, or undefined when the scalar has nothing to keep. */
function closeScalar(text: string, scalar: OpenScalar): string | undefined {
  switch (scalar.kind) {
    case "string":
      return `${text.slice(0, scalar.escape ?? text.length)}"`;
    case "key":
      return undefined;
    case "number": {
      const digits = text.slice(scalar.start).replace(/[.eE+-]+$/, "");
      return digits === "" ? undefined : text.slice(0, scalar.start) + digits;
    }
    case "literal": {
      const partial = text.slice(scalar.start);
      const literal = LITERALS.find((l) => l.startsWith(partial));
      return literal === undefined ? undefined : text.slice(0, scalar.start) + literal;
    }
    default: {
      const unknown: never = scalar.kind;
      throw new TypeError(`Unknown scalar ${String(unknown)}`);
    }
  }
}

/** Marks the innermost container's member complete; true when the root value ended. */
function valueEnded(stack: Frame[], end: number): boolean {
  const top = stack.at(-1);
  if (top === undefined) return true;
  top.phase = "next";
  top.cut = end;
  return false;
}

function isScalarChar(c: number, kind: "number" | "literal"): boolean {
  if (kind === "literal") return c >= 0x61 && c <= 0x7a;
  // Digits, `.`, `e`, `E`, `+`, `-`: JSON.parse checks their order.
  return (
    (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d
  );
}

function isLiteralStart(word: string): boolean {
  return LITERALS.some((l) => l.startsWith(word));
}

function isLiteral(word: string): boolean {
  return word === "true" || word === "false" || word === "null";
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
