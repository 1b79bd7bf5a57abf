import { type FunctionParameters, Prompt } from "alice-agents";
import { describe, expect, it } from "vitest";
import { catchError } from "./catch-prompt-error.ts";

const parameters: FunctionParameters = {
  type: "object",
  properties: {
    name: { type: "string", description: "the user's name" },
    age: { type: "integer" },
    level: { enum: ["LOW", "HIGH"] },
    tags: { type: "array", items: { type: "string" } },
    address: {
      type: "object",
      properties: { city: { type: "string" }, zip: { type: ["string", "null"] } },
      required: ["city"],
      additionalProperties: false,
    },
    note: { type: ["string", "null"] },
    id: { anyOf: [{ type: "string" }, { type: "integer" }] },
  },
  required: ["name"],
};
const content =
  "{{name}}|{{age}}|{{level}}|{{#each tags}}{{this}},{{/each}}|{{address.city}}|{{note}}|{{id}}";
const prompt = new Prompt({ name: "profile", content, parameters });

describe("validation before render", () => {
  it("reports a missing required variable, naming the prompt, the variable and what is expected", () => {
    const error = catchError(() => prompt.render({ age: 3 }));
    expect(error.code).toBe("PROMPT_MISSING_VARIABLE");
    expect(error.promptName).toBe("profile");
    expect(error.variable).toBe("name");
    expect(error.expected).toBe("a string: the user's name");
    expect(error.message).toBe(
      `Prompt "profile" is missing required variable "name" (a string: the user's name). Pass it in the inputs or give it a default.`,
    );
  });

  it("reports a wrong type instead of converting it", () => {
    const error = catchError(() => prompt.render({ name: "Ann", age: "3" }));
    expect(error.code).toBe("PROMPT_INVALID_VARIABLE");
    expect(error.variable).toBe("age");
    expect(error.message).toBe(
      `Prompt "profile": variable "age" must be an integer; received "3" (a string).`,
    );
    expect(catchError(() => prompt.render({ name: "Ann", age: 3.5 })).variable).toBe("age");
    expect(catchError(() => prompt.render({ name: { first: "Ann" } })).variable).toBe("name");
  });

  it("reports an unknown enum value with the allowed values", () => {
    const error = catchError(() => prompt.render({ name: "Ann", level: "MEDIUM" }));
    expect(error.code).toBe("PROMPT_INVALID_VARIABLE");
    expect(error.expected).toBe('one of "LOW", "HIGH"');
  });

  it("checks inside arrays and objects, with the path of the bad value", () => {
    expect(catchError(() => prompt.render({ name: "A", tags: ["a", 2] })).variable).toBe("tags[1]");
    const missing = catchError(() => prompt.render({ name: "A", address: {} }));
    expect([missing.code, missing.variable]).toEqual(["PROMPT_MISSING_VARIABLE", "address.city"]);
    const extra = catchError(() => prompt.render({ name: "A", address: { city: "Oslo", cty: 1 } }));
    expect(extra.variable).toBe("address.cty");
    expect(extra.expected).toBe("absent (allowed: city, zip)");
  });

  it("accepts any branch of anyOf and nulls where the type allows them", () => {
    expect(
      prompt.render({ name: "A", id: 7, note: null, address: { city: "Oslo", zip: null } }),
    ).toBe("A||||Oslo||7");
    expect(catchError(() => prompt.render({ name: "A", id: true })).expected).toBe(
      "a string or an integer",
    );
  });

  it("renders absent optional variables (and null ones) as empty text", () => {
    expect(prompt.render({ name: "Ann", age: null })).toBe("Ann||||||");
  });

  it("lets undeclared top-level variables through, since the engine passes every run variable", () => {
    expect(prompt.render({ name: "Ann", somethingElse: { big: true } })).toBe("Ann||||||");
  });

  it("renders what was validated: valid values of every kind", () => {
    const out = prompt.render({
      name: "Ann",
      age: 40,
      level: "HIGH",
      tags: ["x", "y"],
      address: { city: "Oslo" },
      note: "hi",
      id: "u1",
    });
    expect(out).toBe("Ann|40|HIGH|x,y,|Oslo|hi|u1");
  });
});
