import { picoschemaToJsonSchema } from "alice-agents/internal";
import { describe, expect, it } from "vitest";
import { catchError } from "./catch-prompt-error.ts";

describe("Picoschema to JSON Schema", () => {
  it("converts scalars, descriptions (commas and all), any, and required fields", () => {
    expect(
      picoschemaToJsonSchema({
        name: "string, the user's name, in full",
        age: "integer",
        score: "number",
        ok: "boolean",
        nothing: "null",
        anything: "any, free-form",
        whatever: "any",
      }),
    ).toEqual({
      type: "object",
      properties: {
        name: { type: "string", description: "the user's name, in full" },
        age: { type: "integer" },
        score: { type: "number" },
        ok: { type: "boolean" },
        nothing: { type: ["null"] },
        anything: { description: "free-form" },
        whatever: {},
      },
      required: ["name", "age", "score", "ok", "nothing", "anything", "whatever"],
      additionalProperties: false,
    });
  });

  it("makes `field?` optional: nullable and left out of required (omitted when empty)", () => {
    expect(picoschemaToJsonSchema({ "tone?": "string, how to sound", "extra?": "any" })).toEqual({
      type: "object",
      properties: {
        tone: { type: ["string", "null"], description: "how to sound" },
        extra: {},
      },
      additionalProperties: false,
    });
  });

  it("converts (array) of scalars and of objects, optional arrays included", () => {
    expect(
      picoschemaToJsonSchema({
        "tags(array, list of tags)": "string",
        "people?(array)": { name: "string", "age?": "integer" },
      }),
    ).toEqual({
      type: "object",
      properties: {
        tags: { type: "array", items: { type: "string" }, description: "list of tags" },
        people: {
          type: ["array", "null"],
          items: {
            type: "object",
            properties: { name: { type: "string" }, age: { type: ["integer", "null"] } },
            required: ["name"],
            additionalProperties: false,
          },
        },
      },
      required: ["tags"],
      additionalProperties: false,
    });
  });

  it("converts (enum) to its values alone, as Dotprompt does (no type added), adding null when optional", () => {
    expect(
      picoschemaToJsonSchema({
        "level(enum, how hard)": ["LOW", "HIGH"],
        "size?(enum)": [1, 2, 3],
        "mixed(enum)": ["a", 1],
      }),
    ).toEqual({
      type: "object",
      properties: {
        level: { enum: ["LOW", "HIGH"], description: "how hard" },
        size: { enum: [1, 2, 3, null] },
        mixed: { enum: ["a", 1] },
      },
      required: ["level", "mixed"],
      additionalProperties: false,
    });
  });

  it("converts nested objects, (object) with a description, and (*) wildcards", () => {
    expect(
      picoschemaToJsonSchema({
        "address?(object, where they live)": { city: "string", "(*)": "string" },
        meta: { source: "string" },
      }),
    ).toEqual({
      type: "object",
      properties: {
        address: {
          type: ["object", "null"],
          properties: { city: { type: "string" } },
          required: ["city"],
          additionalProperties: { type: "string" },
          description: "where they live",
        },
        meta: {
          type: "object",
          properties: { source: { type: "string" } },
          required: ["source"],
          additionalProperties: false,
        },
      },
      required: ["meta"],
      additionalProperties: false,
    });
  });

  it("passes JSON Schema through unchanged, and accepts a top-level scalar", () => {
    const json = { type: "object", properties: { a: { type: "string", minLength: 2 } } };
    expect(picoschemaToJsonSchema(json)).toBe(json);
    expect(picoschemaToJsonSchema({ properties: { a: { type: "string" } } })).toEqual({
      type: "object",
      properties: { a: { type: "string" } },
    });
    expect(picoschemaToJsonSchema("string, the answer")).toEqual({
      type: "string",
      description: "the answer",
    });
  });

  it("resolves named schemas, and names the field when a name is unknown", () => {
    const address = { type: "object" as const, properties: { city: { type: "string" as const } } };
    const resolveSchema = (name: string) => (name === "Address" ? address : undefined);
    expect(picoschemaToJsonSchema({ home: "Address, main home" }, { resolveSchema })).toEqual({
      type: "object",
      properties: { home: { ...address, description: "main home" } },
      required: ["home"],
      additionalProperties: false,
    });
    const error = catchError(() =>
      picoschemaToJsonSchema({ work: { office: "Adress" } }, { resolveSchema }),
    );
    expect(error.variable).toBe("work.office");
    expect(error.message).toContain('unknown type "Adress"');
  });

  it("rejects a bad parenthetical type and a value that is neither a type nor a map", () => {
    expect(catchError(() => picoschemaToJsonSchema({ "x(map)": "string" })).message).toContain(
      'parenthetical types must be object, array or enum, got "map"',
    );
    expect(catchError(() => picoschemaToJsonSchema({ x: 3 })).variable).toBe("x");
    expect(catchError(() => picoschemaToJsonSchema({ "x(enum)": "A" })).message).toContain(
      "needs a list of values",
    );
  });
});
