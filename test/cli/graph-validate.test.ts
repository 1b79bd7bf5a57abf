import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { alice } from "./run-alice.ts";

const research = fileURLToPath(
  new URL("../../examples/research/research.workflow.yaml", import.meta.url),
);

describe.concurrent("alice graph", () => {
  it("prints the routing graph as a Mermaid flowchart", async () => {
    const r = await alice(["graph", "publish.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("flowchart TD");
    expect(lines).toContain('  subgraph Draft["Draft (PromptAgentTask draft)"]');
    expect(lines).toContain('  Draft -. "1 retry" .-> Draft');
    expect(lines).toContain('  Publish__checkpoint{{"⏸ Publish this draft?"}}');
    expect(lines).toContain('  Publish__checkpoint -- "1: reject" --> __end');
  });

  it("draws the research example workflow without its tools or a key", async () => {
    const r = await alice(["graph", research]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("flowchart TD");
    expect(r.stdout).toContain('  Check -- "2" --> RetryRetrieve');
  });

  it("--format json prints toGraph()", async () => {
    const r = await alice(["graph", "publish.yaml", "--format", "json"]);
    expect(r.code).toBe(0);
    const graph = JSON.parse(r.stdout);
    expect(graph).toMatchObject({
      taskName: "editorial",
      taskType: "Workflow",
      startNode: "Draft",
    });
    expect(graph.nodes).toEqual(["Draft", "Publish"]);
    expect(graph.checkpoints[0].options).toEqual([
      { option: 0, label: "approve", to: "Publish" },
      { option: 1, label: "reject", to: null },
    ]);
    expect(Object.keys(graph.subtasks)).toEqual(["Draft", "Publish"]);
  });

  it("draws a task that names tools without loading them, and refuses an unknown format", async () => {
    const [tools, format] = await Promise.all([
      alice(["graph", "summarise.yaml"]),
      alice(["graph", "summarise.yaml", "--format", "svg"]),
    ]);
    expect(tools.code).toBe(0);
    expect(tools.stdout).toContain("llm_generation");
    expect(format.code).toBe(2);
    expect(format.errLines[0]).toBe('alice graph: --format must be mermaid or json; got "svg"');
  });

  it("an invalid file lists every problem (exit 2)", async () => {
    const r = await alice(["graph", "broken.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.errLines).toHaveLength(3);
  });
});

describe.concurrent("alice validate", () => {
  it("summarises a valid workflow and its sub-tasks (exit 0)", async () => {
    const r = await alice(["validate", "publish.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "✓ editorial (Workflow): 2 nodes, 4 routes (1 retry), 1 checkpoint, 2 sub-tasks; inputs: topic",
        "  ✓ Draft: draft (PromptAgentTask): 2 nodes, 5 routes (2 retries)",
        "  ✓ Publish: publish (PromptAgentTask): 2 nodes, 5 routes (2 retries)",
        "",
      ].join("\n"),
    );
  });

  it("names the tools it could not check, and checks them with --tools", async () => {
    const [unchecked, checked] = await Promise.all([
      alice(["validate", "summarise.yaml"]),
      alice(["validate", "summarise.yaml", "--tools", "tools.ts"]),
    ]);
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout.split("\n")).toEqual([
      "✓ summarise (PromptAgentTask): 2 nodes, 5 routes (2 retries); inputs: text, maxWords?",
      "  tools named: word_count (not checked: pass --tools <module>)",
      "",
    ]);
    expect(checked.stdout).toBe(
      "✓ summarise (PromptAgentTask): 2 nodes, 5 routes (2 retries); inputs: text, maxWords?\n",
    );
  });

  it("prints every problem as file: field: message, one per line (exit 2)", async () => {
    const r = await alice(["validate", "broken.yaml", "--tools", "tools.ts"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.errLines).toEqual([
      'broken.yaml: tasks.Research.tools.0: no tool "web_search" was given to loadTask (given: word_count).',
      'broken.yaml: tasks.Research.agent.model: No provider registered for "mistral:large": register one with models.register("mistral", (id) => …), e.g. (id) => createOpenAI({ name: "mistral", baseURL })(id) for an OpenAI-compatible server. Registered: openai, anthropic.',
      "broken.yaml: tasks.Research.templates.task_template: required: the message that asks the model (a .prompt file path or inline text).",
      'broken.yaml: tasks.Summary: no task file at "missing-summary.yaml" (relative to this file).',
    ]);
  });

  it("reports schema problems the same way", async () => {
    const r = await alice(["validate", "malformed.yaml"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([
      "malformed.yaml: taskName: Invalid input: expected string, received array",
      'malformed.yaml: agent.model: a model as "provider:model", e.g. "openai:gpt-4o-mini"',
      // Checked although the fields above are invalid: every problem of the file at once.
      "malformed.yaml: templates.task_template: required: the message that asks the model (a .prompt file path or inline text).",
    ]);
  });

  it("shows the warnings of every prompt the task uses, once each, and exits 0", async () => {
    const r = await alice(["validate", "warned.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("✓ warned (Workflow): 2 nodes, 4 routes, 2 sub-tasks");
    expect(r.errLines).toEqual([
      'warned.prompt:6:1: warning: Unknown frontmatter key "temprature" (kept in raw; a typo?).',
      'warned.prompt:5:5: warning: Prompt "warned" declares variable "tone" but its template never uses it.',
      'warned.yaml: warning: Prompt "editor.system" declares variable "style" but its template never uses it.',
    ]);
  });

  it("reports a template variable that is neither an input nor a node, with a Did you mean (exit 2)", async () => {
    const r = await alice(["validate", "template-typo.yaml"]);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([
      'template-typo.yaml: agent.systemMessage uses {{questoin}}, which is not a declared input, a node or a sub-task. Did you mean "question"? Declared inputs: question; add "questoin" to inputVariables if it is one.',
    ]);
  });

  it("refuses unknown keys, listed with every other problem after the warnings (exit 2)", async () => {
    const r = await alice(["validate", "typos.yaml", "--tools", "tools.ts"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.errLines).toEqual([
      'warned.prompt:6:1: warning: Unknown frontmatter key "temprature" (kept in raw; a typo?).',
      'warned.prompt:5:5: warning: Prompt "warned" declares variable "tone" but its template never uses it.',
      'typos.yaml: inputVariable: unknown key "inputVariable". Did you mean "inputVariables"?',
      'typos.yaml: agent.modle: unknown key "modle". Did you mean "model"?',
      'typos.yaml: agent.modelSettings.temprature: unknown key "temprature". Did you mean "temperature"?',
      'typos.yaml: nodeEndCodeRoutng: unknown key "nodeEndCodeRoutng". Did you mean "nodeEndCodeRouting"?',
      'typos.yaml: tools.1: no tool "web_search" was given to loadTask (given: word_count).',
      'typos.yaml: agent.model: required: a model as "provider:model", e.g. "openai:gpt-4o-mini" (or a model in the task_template or systemMessage .prompt file).',
    ]);
  });
});
