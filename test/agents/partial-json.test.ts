import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { objectDeltas } from "../../src/agents/object-deltas.ts";
import { completeJson, parsePartialJson } from "../../src/agents/partial-json.ts";

/** Every distinct value the deltas give when `text` arrives one character at a time. */
function valuesOneByOne(text: string): unknown[] {
  const next = objectDeltas();
  const values: unknown[] = [];
  for (const char of text) {
    const change = next(char);
    if (change !== undefined) values.push(change.value);
  }
  return values;
}

/** Whether a value is what JSON.parse makes: null, booleans, numbers, strings, arrays, plain objects. */
function isJsonData(value: unknown): boolean {
  if (value === null || ["boolean", "number", "string"].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(isJsonData);
  return (
    typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.values(value).every(isJsonData)
  );
}

/**
 * Whether a partial value says nothing the full value does not: the same kind of value, strings
 * cut short, arrays and objects with fewer members, each of them partial too.
 */
function isPartOf(partial: unknown, full: unknown): boolean {
  if (typeof partial === "string") return typeof full === "string" && full.startsWith(partial);
  // A number may still grow digits (1 of 12, 1 of 1e5): only its kind is fixed.
  if (typeof partial === "number") return typeof full === "number";
  if (Array.isArray(partial))
    return (
      Array.isArray(full) &&
      partial.length <= full.length &&
      partial.every((item, i) => isPartOf(item, full[i]))
    );
  if (typeof partial === "object" && partial !== null) {
    if (typeof full !== "object" || full === null || Array.isArray(full)) return false;
    return Object.entries(partial).every(
      ([key, value]) => Object.hasOwn(full, key) && isPartOf(value, (full as never)[key]),
    );
  }
  return Object.is(partial, full);
}

describe("parsePartialJson", () => {
  it.each([
    ["", undefined],
    ["   \n", undefined],
    ["{", {}],
    ['{"', {}],
    ['{"na', {}],
    ['{"name"', {}],
    ['{"name":', {}],
    ['{"name": "', { name: "" }],
    ['{"name": "Ad', { name: "Ad" }],
    ['{"name": "Ada", ', { name: "Ada" }],
    ['{"name": "Ada", "tags": [', { name: "Ada", tags: [] }],
    ['{"name": "Ada", "tags": ["a", "b', { name: "Ada", tags: ["a", "b"] }],
    ['{"name": "Ada", "tags": ["a", ', { name: "Ada", tags: ["a"] }],
    ['{"a": {"b": {"c"', { a: { b: {} } }],
    ['{"a": [[1, 2], [3', { a: [[1, 2], [3]] }],
    ["[", []],
    ["[1, 2", [1, 2]],
    ['"unfinished', "unfinished"],
  ])("completes %j", (text, expected) => {
    expect(parsePartialJson(text)).toEqual(expected);
  });

  it.each([
    ['{"n": -', {}],
    ['{"n": 1', { n: 1 }],
    ['{"n": -1', { n: -1 }],
    ['{"n": 1.', { n: 1 }],
    ['{"n": 1.5', { n: 1.5 }],
    ['{"n": 1.5e', { n: 1.5 }],
    ['{"n": 1.5e-', { n: 1.5 }],
    ['{"n": 1.5e-3', { n: 0.0015 }],
    ["[1, -", [1]],
    ["-", undefined],
    ["12", 12],
  ])("keeps the digits of a partial number: %j", (text, expected) => {
    expect(parsePartialJson(text)).toEqual(expected);
  });

  it.each([
    ['{"ok": t', { ok: true }],
    ['{"ok": fal', { ok: false }],
    ['{"ok": n', { ok: null }],
    ["[tru", [true]],
    ["nul", null],
  ])("completes a partial literal: %j", (text, expected) => {
    expect(parsePartialJson(text)).toEqual(expected);
  });

  it.each([
    ['{"s": "a\\', { s: "a" }],
    ['{"s": "a\\n', { s: "a\n" }],
    ['{"s": "a\\u00', { s: "a" }],
    ['{"s": "a\\u00e9', { s: "aé" }],
    ['{"s": "say \\"hi\\"', { s: 'say "hi"' }],
    ['{"s": "a\\"', { s: 'a"' }],
    ['{"k\\"ey": 1', { 'k"ey': 1 }],
  ])("drops an unfinished escape and keeps finished ones: %j", (text, expected) => {
    expect(parsePartialJson(text)).toEqual(expected);
  });

  it.each([
    "}",
    "]",
    "{]",
    "[1,]",
    '{"a" 1',
    '{"a": 1 "b"',
    "{1: 2}",
    "[tx",
    "[nulll]",
    "hello",
    "Let me look that up.",
    '{"a": 1} and more',
    "1 2",
    '{"a": 01}',
  ])("is undefined for a text that cannot start a JSON value: %j", (text) => {
    expect(parsePartialJson(text)).toBeUndefined();
  });

  it("keeps a __proto__ key as data, as JSON.parse does", () => {
    const value = parsePartialJson('{"__proto__": {"polluted": true}, "x": "y') as object;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("closes 10,000 open arrays without running out of stack", () => {
    const text = "[".repeat(10_000);
    expect(completeJson(text)).toBe(`${text}${"]".repeat(10_000)}`);
  });

  const texts = fc
    .tuple(fc.jsonValue(), fc.constantFrom(undefined, 1, 2, "\t"))
    .map(([value, indent]) => JSON.stringify(value, null, indent));

  it("returns for every prefix of a JSON text, never throwing, and JSON.parse's value for all of it", () => {
    fc.assert(
      fc.property(texts, (text) => {
        const full = JSON.parse(text);
        for (let end = 0; end < text.length; end++) {
          const partial = parsePartialJson(text.slice(0, end));
          if (partial === undefined) continue;
          // A partial value is plain JSON data and says nothing the whole text does not.
          expect(isJsonData(partial)).toBe(true);
          expect(isPartOf(partial, full)).toBe(true);
        }
        expect(parsePartialJson(text)).toStrictEqual(full);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'{}[]":,-.e0123456789tfnrule \\') }),
        (t) => {
          const value = parsePartialJson(t);
          if (value !== undefined) expect(isJsonData(value)).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe("objectDeltas", () => {
  it("gives each changed value once when the text arrives one character at a time", () => {
    expect(valuesOneByOne('{"name": "Ada", "tags": [1, 22], "ok": true}')).toEqual([
      {},
      { name: "" },
      { name: "A" },
      { name: "Ad" },
      { name: "Ada" },
      { name: "Ada", tags: [] },
      { name: "Ada", tags: [1] },
      { name: "Ada", tags: [1, 2] },
      { name: "Ada", tags: [1, 22] },
      { name: "Ada", tags: [1, 22], ok: true },
    ]);
  });

  it("skips a ```json fence and prose that is not JSON", () => {
    expect(valuesOneByOne('```json\n{"a": "b"}\n```')).toEqual([{}, { a: "" }, { a: "b" }]);
    expect(valuesOneByOne("Let me check the order first.")).toEqual([]);
  });

  it("ends with the whole value, whatever the chunking", () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }),
        (value, sizes) => {
          const text = JSON.stringify(value);
          const next = objectDeltas();
          let last: unknown;
          for (let at = 0, i = 0; at < text.length; i++) {
            const size = sizes[i % sizes.length]!;
            const change = next(text.slice(at, at + size));
            if (change !== undefined) last = change.value;
            at += size;
          }
          expect(last).toStrictEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
