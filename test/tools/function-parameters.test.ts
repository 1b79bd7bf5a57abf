import {
  type FunctionParameters,
  functionParametersToZod,
  toFunctionParameters,
  zodToFunctionParameters,
} from "alice-agents";
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
