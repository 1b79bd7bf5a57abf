import { loadTask } from "alice-agents";
import { describe, expect, it } from "vitest";
import { fixture, problemsOf } from "./problems-of.ts";

describe("task file shape", () => {
  it("refuses an unknown key at every level, with its field path and the key it resembles", async () => {
    // inputVariables holds JSON Schema ($schema, minLength, format, examples, additionalProperties):
    // those keys are the schema's, and none of them is reported.
    expect(await problemsOf(fixture("unknown-keys.task.yaml"))).toEqual([
      'unknown-keys.task.yaml: inputVariable: unknown key "inputVariable". Did you mean "inputVariables"?',
      'unknown-keys.task.yaml: nodeEndCodeRoutng: unknown key "nodeEndCodeRoutng". Did you mean "nodeEndCodeRouting"?',
      'unknown-keys.task.yaml: userCheckpoints.Ask.optons: unknown key "optons". Did you mean "options"?',
      'unknown-keys.task.yaml: tasks.Ask.taskDescripton: unknown key "taskDescripton". Did you mean "taskDescription"?',
      'unknown-keys.task.yaml: tasks.Ask.agent.model.region: unknown key "region" (known keys here: provider, model).',
      'unknown-keys.task.yaml: tasks.Ask.agent.systemMesage: unknown key "systemMesage". Did you mean "systemMessage"?',
      'unknown-keys.task.yaml: tasks.Ask.agent.modelSettings.temprature: unknown key "temprature". Did you mean "temperature"?',
      'unknown-keys.task.yaml: tasks.Ask.templates.task_template.nme: unknown key "nme". Did you mean "name"?',
      'unknown-keys.task.yaml: tasks.Ask.modelSettings.seeed: unknown key "seeed". Did you mean "seed"?',
    ]);
  });

  it("suggests the seed's snake_case names in a seed-style file", async () => {
    expect(await problemsOf(fixture("seed-typos.json"))).toEqual([
      'seed-typos.json: exit_code_respons_map: unknown key "exit_code_respons_map". Did you mean "exit_code_response_map"?',
      'seed-typos.json: agent.models.chat.api_nme: unknown key "api_nme". Did you mean "api_name"?',
      'seed-typos.json: templates.task_template.is_templatd: unknown key "is_templatd". Did you mean "is_templated"?',
    ]);
  });

  it("reports wrong types with what was expected, in file order, and each only once", async () => {
    // agent.model is invalid, so the agent is left out: no second "agent.model: required" or
    // "needs an agent" follows from it.
    expect(await problemsOf(fixture("shape.task.yaml"))).toEqual([
      "shape.task.yaml: maxAttempts: Invalid input: expected number, received string",
      'shape.task.yaml: agent.model: a model as "provider:model", e.g. "openai:gpt-4o-mini", or { provider, model }',
      "shape.task.yaml: agent.name: Invalid input: expected string, received undefined",
      "shape.task.yaml: taskName: Invalid input: expected string, received undefined",
    ]);
  });

  it("still loads the seed's snake_case JSON, with its Prompt objects and agent models", async () => {
    await expect(loadTask(fixture("seed-style.json"))).resolves.toBeDefined();
  });
});
