import {
  AliceError,
  defineTool,
  type FunctionParameters,
  type ParameterDefinition,
} from "alice-agents";
import {
  functionParametersToZod,
  toFunctionParameters,
  zodToFunctionParameters,
} from "alice-agents/internal";
import { describe, expect, it } from "vitest";
import { z } from "zod";

const seedStyle: FunctionParameters = {
  type: "object",
  properties: {
    query: { type: "string", description: "Query to process" },
    limit: { type: "integer", description: "How many", default: 5 },
    filters: { type: "object", description: "Optional query filters", default: {} },
    tags: { type: "array", items: { type: "string" } },
    mode: { type: "string", enum: ["fast", "deep"] },
    note: { type: ["string", "null"] },
  },
  required: ["query"],
};

describe("FunctionParameters ↔ zod", () => {
  it("builds a zod schema that accepts what the parameters describe and rejects the rest", () => {
    const schema = functionParametersToZod(seedStyle);
    expect(
      schema.safeParse({ query: "q", limit: 3, tags: ["a"], mode: "deep", note: null }).success,
    ).toBe(true);
    expect(schema.safeParse({ limit: 3 }).success).toBe(false);
    expect(schema.safeParse({ query: "q", limit: 2.5 }).success).toBe(false);
    expect(schema.safeParse({ query: "q", mode: "slow" }).success).toBe(false);
    expect(schema.safeParse({ query: "q", tags: [1] }).success).toBe(false);
  });

  it("turns a zod object schema into FunctionParameters with z.toJSONSchema", () => {
    const parameters = zodToFunctionParameters(
      z.object({ city: z.string().describe("City name"), unit: z.enum(["C", "F"]).optional() }),
    );
    expect(parameters).toEqual({
      type: "object",
      properties: {
        city: { type: "string", description: "City name" },
        unit: { type: "string", enum: ["C", "F"] },
      },
      required: ["city"],
    });
  });

  it("round-trips: FunctionParameters → zod → FunctionParameters keeps names, types and required", () => {
    const back = toFunctionParameters(functionParametersToZod(seedStyle));
    expect(Object.keys(back.properties)).toEqual(Object.keys(seedStyle.properties));
    expect(back.required).toEqual(["query"]);
    expect(back.properties.limit).toMatchObject({ type: "integer", description: "How many" });
    expect(back.properties.tags).toMatchObject({ type: "array", items: { type: "string" } });
  });

  it("refuses a zod schema that is not an object", () => {
    expect(() => zodToFunctionParameters(z.string())).toThrow(
      "Parameters must be a zod object schema",
    );
  });
});

describe("FunctionParameters defaults", () => {
  const parameters: FunctionParameters = {
    type: "object",
    properties: {
      query: { type: "string" },
      max_results: { type: "integer", default: 4 },
      options: {
        type: "object",
        properties: {
          lang: { type: "string", default: "en" },
          sources: { type: "array", items: { type: "string" }, default: ["web"] },
        },
      },
    },
    required: ["query"],
  };

  it("fills an omitted value with its default, inside a given object too", () => {
    const schema = functionParametersToZod(parameters);
    expect(schema.parse({ query: "q", options: {} })).toEqual({
      query: "q",
      max_results: 4,
      options: { lang: "en", sources: ["web"] },
    });
    expect(schema.parse({ query: "q", max_results: 2 })).toEqual({ query: "q", max_results: 2 });
  });

  it("hands out a fresh copy of a default each time", () => {
    const schema = functionParametersToZod(parameters);
    const first = schema.parse({ query: "q", options: {} }) as { options: { sources: string[] } };
    first.options.sources.push("changed");
    expect(schema.parse({ query: "q", options: {} })).toMatchObject({
      options: { sources: ["web"] },
    });
  });
});

describe("FunctionParameters constraints", () => {
  const check = (definition: ParameterDefinition, value: unknown) =>
    functionParametersToZod({
      type: "object",
      properties: { v: definition },
      required: ["v"],
    }).safeParse({ v: value }).success;

  it.each<[string, ParameterDefinition, unknown[], unknown[]]>([
    ["minimum / maximum", { type: "integer", minimum: 1, maximum: 10 }, [1, 10], [0, 11]],
    [
      "exclusive bounds",
      { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
      [0.5],
      [0, 1],
    ],
    [
      "minLength / maxLength",
      { type: "string", minLength: 2, maxLength: 3 },
      ["ab", "abc"],
      ["a", "abcd"],
    ],
    ["pattern (unanchored)", { type: "string", pattern: "[0-9]{3}" }, ["ab123"], ["ab12"]],
    ["enum", { type: "string", enum: ["a", "b"] }, ["a"], ["c"]],
    [
      "minItems / maxItems",
      { type: "array", minItems: 1, maxItems: 2 },
      [[1], [1, 2]],
      [[], [1, 2, 3]],
    ],
    [
      "additionalProperties: false",
      { type: "object", properties: { a: { type: "number" } }, additionalProperties: false },
      [{ a: 1 }],
      [{ a: 1, b: 2 }],
    ],
    [
      "additionalProperties as a schema",
      { type: "object", additionalProperties: { type: "number" } },
      [{ a: 1 }],
      [{ a: "1" }],
    ],
    // JSON Schema's integer is any whole number, 2^60 included (only conversion from text keeps
    // to safe integers, see test/engine/inputs.test.ts).
    ["integer: a whole number", { type: "integer" }, [2 ** 53 - 1, 2 ** 60, 1.0], [1.5, "1"]],
  ])("%s", (_name, definition, accepted, refused) => {
    for (const value of accepted) expect(check(definition, value)).toBe(true);
    for (const value of refused) expect(check(definition, value)).toBe(false);
  });

  it("refuses a tool whose pattern is not a regular expression, at definition time", () => {
    const define = () =>
      defineTool({
        name: "bad",
        description: "",
        input: { type: "object", properties: { v: { type: "string", pattern: "([a-z" } } },
        execute: () => "",
      });
    expect(define).toThrow(/input\.v: pattern "\(\[a-z" is not a valid regular expression/);
    try {
      define();
    } catch (error) {
      expect(AliceError.isInstance(error) && error.code).toBe("TOOL_DEFINITION_INVALID");
    }
  });
});

describe("zod → FunctionParameters → zod", () => {
  const schema = z.object({
    page: z.int().min(1).default(1),
    size: z.int().max(50),
    any: z.int(),
    name: z
      .string()
      .min(2)
      .regex(/^[a-z]+$/),
  });

  it("keeps defaults and stated bounds, without zod's ±(2^53 − 1) integer bounds", () => {
    const parameters = zodToFunctionParameters(schema);
    expect(parameters.properties).toEqual({
      page: { type: "integer", minimum: 1, default: 1 },
      size: { type: "integer", maximum: 50 },
      any: { type: "integer" },
      name: { type: "string", minLength: 2, pattern: "^[a-z]+$" },
    });
    const back = functionParametersToZod(parameters);
    expect(back.parse({ size: 5, any: -3, name: "ab" })).toEqual({
      page: 1,
      size: 5,
      any: -3,
      name: "ab",
    });
    expect(back.safeParse({ page: 0, size: 5, any: 1, name: "ab" }).success).toBe(false);
    expect(back.safeParse({ page: -5, size: 5, any: 1, name: "ab" }).success).toBe(false);
    expect(zodToFunctionParameters(back).properties).toEqual(parameters.properties);
  });
});
