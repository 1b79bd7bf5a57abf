import { AliceError, TaskDefinitionError } from "alice-agents";
import { describe, expect, it } from "vitest";

describe("AliceError", () => {
  it("is recognised by isInstance, keeps its code and lists every definition problem", () => {
    const error = new TaskDefinitionError("t", ["a", "b"]);
    expect(AliceError.isInstance(error)).toBe(true);
    expect(AliceError.isInstance(new Error("x"))).toBe(false);
    expect(error.code).toBe("TASK_DEFINITION_INVALID");
    expect(error.name).toBe("TaskDefinitionError");
    expect(error.message).toContain("  - a\n  - b");
  });
});
