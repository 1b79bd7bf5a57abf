import { describe, expect, it } from "vitest";
import { toolResultText } from "../../src/tools/tool-result-text.ts";

const PLAIN = "return plain data: strings, numbers, booleans, null, arrays and objects";

/** An object `depth` levels deep: {a:{a:…{}}}. */
function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let current = root;
  for (let i = 1; i < depth; i++) {
    const next: Record<string, unknown> = {};
    current.a = next;
    current = next;
  }
  return root;
}

describe("toolResultText: values JSON cannot say are refused, naming what and where", () => {
  const circular: Record<string, unknown> = { name: "loop" };
  circular.self = circular;
  const throwingGetter = {
    ok: 1,
    get broken(): never {
      throw new Error("lazy field failed, token=sk-live-SENTINELSECRETVALUE123456");
    },
  };

  it.each([
    ["a function", () => "function source text", `a function (${PLAIN})`],
    ["a symbol", Symbol("s"), `a symbol (${PLAIN})`],
    ["a BigInt", 10n ** 30n, "a BigInt (convert it to a string or a number first)"],
    ["a nested BigInt", { n: 1n }, 'a BigInt at "n" (convert it to a string or a number first)'],
    [
      "a circular object",
      circular,
      `a circular reference at "self" (an object that contains itself; ${PLAIN})`,
    ],
    [
      "an object 100,000 levels deep",
      nested(100_000),
      `arrays and objects nested more than 100 levels deep (${PLAIN}, less deeply nested)`,
    ],
    [
      "a Map with object keys",
      new Map([[{}, 1]]),
      "a Map key that is not a string or a number (use string keys)",
    ],
  ])("%s", (_case, value, message) => {
    expect(toolResultText(value, 100_000)).toEqual({ success: false, message });
  });

  it("leaves out functions and symbols inside objects and arrays, as JSON.stringify does", () => {
    const value = { rows: [1, Symbol("s")], refetch: () => 1, [Symbol("k")]: 2 };
    expect(toolResultText(value, 100_000)).toEqual({
      success: true,
      text: JSON.stringify(value),
    });
    expect(JSON.stringify(value)).toBe('{"rows":[1,null]}');
  });

  it("a getter that throws: named, with secrets in its message redacted", () => {
    const result = toolResultText(throwingGetter, 100_000);
    expect(result).toEqual({
      success: false,
      message: expect.stringMatching(/^reading "broken" threw lazy field failed, token=/),
    });
    expect(JSON.stringify(result)).not.toContain("SENTINELSECRETVALUE");
  });

  it("a toJSON() that throws", () => {
    const value = {
      when: {
        toJSON: () => {
          throw new TypeError("no date");
        },
      },
    };
    expect(toolResultText(value, 100_000)).toEqual({
      success: false,
      message: 'toJSON() at "when" threw TypeError: no date',
    });
  });
});

describe("toolResultText: plain data comes out as JSON.stringify would write it", () => {
  it("keeps strings, numbers and booleans as they are, and null or undefined as empty", () => {
    expect(toolResultText("done", 100)).toEqual({ success: true, text: "done" });
    expect(toolResultText(42, 100)).toEqual({ success: true, text: "42" });
    expect(toolResultText(false, 100)).toEqual({ success: true, text: "false" });
    expect(toolResultText(null, 100)).toEqual({ success: true, text: "" });
    expect(toolResultText(undefined, 100)).toEqual({ success: true, text: "" });
  });

  it("honours toJSON, drops undefined properties, writes NaN as null, and keeps a shared object twice", () => {
    const shared = { id: 1 };
    const value = {
      at: new Date("2024-05-01T00:00:00Z"),
      gone: undefined,
      list: [undefined, Number.NaN, shared],
      again: shared,
      boxed: Object("text"),
      tags: new Set(["a", "b"]),
      scores: new Map<string | number, number>([
        ["x", 1],
        [2, 3],
      ]),
    };
    const expected = JSON.stringify({
      at: "2024-05-01T00:00:00.000Z",
      list: [null, null, { id: 1 }],
      again: { id: 1 },
      boxed: "text",
      tags: ["a", "b"],
      scores: { x: 1, 2: 3 },
    });
    expect(toolResultText(value, 100_000)).toEqual({ success: true, text: expected });
  });

  it("keeps a __proto__ key as a key, as JSON text has it", () => {
    const value = JSON.parse('{"__proto__":{"x":1},"y":2}');
    expect(toolResultText(value, 100)).toEqual({
      success: true,
      text: '{"__proto__":{"x":1},"y":2}',
    });
  });

  it("accepts exactly 100 levels and refuses 101", () => {
    expect(toolResultText(nested(100), 100_000).success).toBe(true);
    expect(toolResultText(nested(101), 100_000).success).toBe(false);
    expect(toolResultText([nested(99)], 100_000).success).toBe(true);
  });
});
