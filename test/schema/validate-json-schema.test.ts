import { defineTool, type ParameterDefinition, validateJsonSchema } from "alice-agents";
import { describe, expect, it } from "vitest";
import { compileSchema } from "../../src/schema/compile-schema.ts";
import { runToolCalls, type ToolEntry } from "../../src/tools/run-tool-calls.ts";

describe("validateJsonSchema", () => {
  it("fills defaults on a copy and leaves the value passed in unchanged", () => {
    const schema = {
      type: "object",
      properties: { options: { type: "object", properties: { lang: { default: "en" } } } },
    };
    const given = { options: {} };
    expect(validateJsonSchema(schema, given)).toEqual({
      success: true,
      value: { options: { lang: "en" } },
    });
    expect(given).toEqual({ options: {} });
  });

  it("reports every problem with its path, what was expected and what was received", () => {
    const result = validateJsonSchema(
      {
        type: "object",
        properties: {
          n: { type: "integer", minimum: 1 },
          tags: { type: "array", items: { type: "string" } },
          mail: { type: "string", format: "email" },
        },
        required: ["id"],
      },
      { n: 0, tags: ["a", 2], mail: "nope" },
    );
    expect(result).toEqual({
      success: false,
      problems: [
        { path: ["id"], expected: "any value", missing: true },
        { path: ["n"], expected: "an integer at least 1", missing: false, received: 0 },
        { path: ["tags", 1], expected: "a string", missing: false, received: 2 },
        {
          path: ["mail"],
          expected: 'a string in the "email" format',
          missing: false,
          received: "nope",
        },
      ],
    });
  });

  it("converts losslessly only when asked, and only what fails as given", () => {
    const schema = {
      type: "object",
      properties: {
        n: { type: "integer" },
        flag: { type: "boolean" },
        list: { type: "array", items: { type: "number" } },
        level: { enum: [1, 2] },
        id: { anyOf: [{ type: "integer" }, { type: "string", pattern: "^id-" }] },
        name: { type: "string" },
      },
    };
    const given = { n: "3", flag: "TRUE", list: '[1, "2"]', level: "2", id: "7", name: 5 };
    expect(validateJsonSchema(schema, given).success).toBe(false);
    expect(validateJsonSchema(schema, given, { convert: true })).toEqual({
      success: true,
      value: { n: 3, flag: true, list: [1, 2], level: 2, id: 7, name: "5" },
    });
    // A value one option accepts as it is stays as it is.
    expect(validateJsonSchema(schema, { id: "id-7" }, { convert: true })).toEqual({
      success: true,
      value: { id: "id-7" },
    });
    for (const lossy of [
      { n: "3.5" },
      { flag: "yes" },
      { name: { a: 1 } },
      { n: "9007199254740993" },
    ])
      expect(validateJsonSchema(schema, lossy, { convert: true }).success).toBe(false);
  });

  it("reads draft-04's boolean exclusiveMinimum (OpenAPI 3.0) and draft-07 tuples without $schema", () => {
    const openapi = { type: "number", minimum: 0, exclusiveMinimum: true };
    expect(validateJsonSchema(openapi, 0).success).toBe(false);
    expect(validateJsonSchema(openapi, 0.1).success).toBe(true);
    const tuple = { type: "array", items: [{ type: "string" }, { type: "integer" }] };
    expect(validateJsonSchema(tuple, ["a", 1]).success).toBe(true);
    expect(validateJsonSchema(tuple, [1, "a"]).success).toBe(false);
  });

  it("throws a TypeError naming where a schema is invalid", () => {
    expect(() => validateJsonSchema({ properties: { code: { pattern: "([a-z" } } }, "x")).toThrow(
      /^code: pattern "\(\[a-z" is not a valid regular expression/,
    );
    expect(() => validateJsonSchema({ $ref: "#/$defs/missing" }, 1)).toThrow(TypeError);
  });

  it("compiles a schema object once", () => {
    const schema = { type: "string" };
    const first = compileSchema(schema);
    expect(compileSchema(schema)).toBe(first);
    expect(compileSchema({ type: "string" })).not.toBe(first);
  });
});

describe("tool arguments from MCP- and OpenAPI-style schemas", () => {
  const address: ParameterDefinition = {
    type: "object",
    properties: { city: { type: "string" }, zip: { type: ["string", "null"] } },
    required: ["city"],
    additionalProperties: false,
  };
  const tool = defineTool({
    name: "ship",
    description: "Ships a parcel.",
    input: {
      type: "object",
      properties: {
        to: { $ref: "#/$defs/address" },
        from: { $ref: "#/definitions/address" },
        speed: { oneOf: [{ const: "fast" }, { type: "integer", minimum: 1 }] },
        note: { type: "string", default: "none" },
        tags: { type: "object", additionalProperties: { type: "string" } },
      },
      required: ["to", "speed"],
      $defs: { address },
      definitions: { address },
    },
    execute: (args) => JSON.stringify(args),
  });
  const entry: ToolEntry = {
    name: tool.name,
    schema: tool.schema,
    timeoutMs: undefined,
    invoke: (args) => ({ content: JSON.stringify(args) }),
  };
  const call = async (args: unknown) => {
    const [outcome] = await runToolCalls(
      [{ id: "c", name: "ship", arguments: JSON.stringify(args) }],
      new Map([["ship", entry]]),
      { maxConcurrency: 1, timeoutMs: 1_000 },
    );
    return outcome?.message.content;
  };

  it("accepts what the schema allows: refs, a oneOf branch, a nullable type, a map; fills defaults", async () => {
    expect(await call({ to: { city: "Oslo", zip: null }, speed: "fast", tags: { a: "b" } })).toBe(
      '{"to":{"city":"Oslo","zip":null},"speed":"fast","tags":{"a":"b"},"note":"none"}',
    );
    expect(await call({ to: { city: "Oslo" }, from: { city: "Bergen" }, speed: 2 })).toBe(
      '{"to":{"city":"Oslo"},"from":{"city":"Bergen"},"speed":2,"note":"none"}',
    );
  });

  it("treats a null for an optional, non-nullable argument as absent (as OpenAI strict mode sends it)", async () => {
    expect(await call({ to: { city: "Oslo" }, speed: 1, note: null, tags: null })).toBe(
      '{"to":{"city":"Oslo"},"speed":1,"note":"none"}',
    );
  });

  it("tells the model every problem, behind refs and unions too", async () => {
    expect(await call({ to: { city: 1, country: "NO" }, speed: 0, tags: { a: 1 } })).toBe(
      'The arguments of tool "ship" do not match its schema: to.country: must be absent (allowed: city, zip); received "NO" (a string); to.city: must be a string; received 1 (a number); speed: must be equal to "fast" or an integer at least 1; received 0 (a number); tags.a: must be a string; received 1 (a number). Call it again with corrected arguments.',
    );
  });
});
