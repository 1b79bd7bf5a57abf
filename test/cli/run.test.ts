import { describe, expect, it } from "vitest";
import { alice, collect, OFFLINE_NOTICE, spawnAlice } from "./run-alice.ts";

const summarise = ["run", "summarise.yaml", "--tools", "tools.ts"];
const text = ["--input", "text=Tide pools hold small worlds."];

describe.concurrent("alice run", () => {
  it("prints the task's output on stdout and exits 0", async () => {
    const r = await alice([...summarise, ...text, "--mock", "summarise.mock.json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Tide pools are small worlds.\n");
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(OFFLINE_NOTICE);
    expect(r.errLines[0]).toContain("summarise.mock.json (2 turns)");
  });

  it("--json prints the whole TaskResponse", async () => {
    const r = await alice([...summarise, ...text, "--mock", "summarise.mock.json", "--json"]);
    expect(r.code).toBe(0);
    const response = JSON.parse(r.stdout);
    expect(response).toMatchObject({
      status: "complete",
      taskName: "summarise",
      taskOutputs: "Tide pools are small worlds.",
      taskInputs: { text: "Tide pools hold small worlds." },
      usageMetrics: { modelCalls: 2 },
    });
    expect(response.nodeReferences.map((n: { nodeName: string }) => n.nodeName)).toEqual([
      "llm_generation",
      "tool_call_execution",
      "llm_generation",
    ]);
  });

  it("--stream prints the model's text once, as it arrives; --verbose shows progress", async () => {
    const r = await alice([
      ...summarise,
      ...text,
      "--mock",
      "summarise.mock.json",
      "--stream",
      "--verbose",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Tide pools are small worlds.\n");
    expect(r.errLines.slice(1)).toEqual([
      "→ summarise.llm_generation",
      '  ⚙ word_count({"text":"Tide pools hold small worlds."})',
      "→ summarise.tool_call_execution",
      "  ← word_count: 5",
      "→ summarise.llm_generation",
    ]);
  });

  it("--verbose shows a model request being retried", async () => {
    const r = await alice([...summarise, ...text, "--mock", "rate-limited.mock.json", "--verbose"]);
    expect(r.code).toBe(0);
    expect(r.errLines[2]).toMatch(
      /^ {2}↻ model request failed \(PROVIDER_RATE_LIMIT: .*\); retrying in \d+ ms$/,
    );
  });

  it("--stream with --json streams the text to stderr and keeps stdout one JSON document", async () => {
    const r = await alice([
      ...summarise,
      ...text,
      "--mock",
      "summarise.mock.json",
      "--stream",
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(r.errLines.slice(1)).toEqual(["Tide pools are small worlds."]);
    expect(JSON.parse(r.stdout).status).toBe("complete");
  });

  it("reads --input values as JSON unless the input is declared a string; --inputs reads a file", async () => {
    const r = await alice([
      ...summarise,
      ...["--inputs", "inputs.json", "-i", "text=007", "-i", "maxWords=5", "-i", "extra=[1,2]"],
      ...["--mock", "summarise.mock.json", "--json"],
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).taskInputs).toEqual({
      text: "007",
      maxWords: 5,
      extra: [1, 2],
      tone: "dry",
    });
  });

  it('speaks Anthropic\'s wire format with "provider": "anthropic", keeping each agent\'s model name', async () => {
    const r = await alice([...summarise, ...text, "--mock", "anthropic.mock.json", "--json"]);
    expect(r.code).toBe(0);
    expect(r.errLines[0]).toContain("the scripted anthropic model in anthropic.mock.json");
    const response = JSON.parse(r.stdout);
    expect(response.taskOutputs).toBe("Two words: tide pools.");
    const answer = response.nodeReferences.at(-1).references.messages.at(-1);
    expect(answer).toMatchObject({ role: "assistant", model: "gpt-4o-mini" });
  });

  it("a missing input exits 2 with one line naming it, without a key or a network", async () => {
    const r = await alice(["run", "summarise.yaml", "--tools", "tools.ts"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.errLines).toEqual([
      'INPUT_MISSING: Missing required input "text" for task "summarise" (declared in inputVariables). Pass it with --input text=….',
    ]);
  });

  it("an input that cannot take its declared type exits 2 naming it", async () => {
    const r = await alice([
      "run",
      "summarise.yaml",
      "--tools",
      "tools.ts",
      ...text,
      "-i",
      "maxWords=many",
    ]);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(
      /^INPUT_INVALID: Input "maxWords" of task "summarise" must be an integer/,
    );
  });

  it("a failed task exits 1 with CODE: message on stderr", async () => {
    const r = await alice([...summarise, ...text, "--mock", "unauthorized.mock.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.errLines.slice(-2)).toEqual([
      expect.stringMatching(/^PROVIDER_AUTHENTICATION: .*Incorrect API key provided/),
      '  at summarise, node "llm_generation"',
    ]);
  });

  it("a Workflow that failed in a sub-task exits 1 with the root cause and where it arose", async () => {
    const r = await alice([
      "run",
      "../../../examples/research/research.workflow.yaml",
      "--tools",
      "../../../examples/research/tools.ts",
      "--input",
      "topic=bees",
      "--mock",
      "undecided.mock.json",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.errLines.slice(1)).toEqual([
      expect.stringMatching(/^MAX_ATTEMPTS_EXCEEDED: Node "llm_generation" routed a retry/),
      '  at research › Check, node "llm_generation"',
      "  cause: CHECK_NO_DECISION: The answer contains none of the decision words (APPROVED, REJECTED).",
    ]);
  });

  it("a script with a turn never requested fails the run (exit 1)", async () => {
    const r = await alice([...summarise, ...text, "--mock", "extra-turn.mock.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("Tide pools.\n");
    expect(r.stderr).toContain(
      "MOCK_TURNS_UNUSED: mockOpenAI: 1 of 3 scripted turns never requested",
    );
  });

  it("a request beyond the script fails the run and says so (exit 1)", async () => {
    const r = await alice([...summarise, ...text, "--mock", "short.mock.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "MOCK_UNEXPECTED_REQUEST: mockOpenAI received request #2, but its script has only 1 scripted turn.",
    );
  });

  it("a malformed --mock script is a usage error naming the problem (exit 2)", async () => {
    const [notJson, badTurn] = await Promise.all([
      alice([...summarise, ...text, "--mock", "summarise.yaml"]),
      alice([...summarise, ...text, "--mock", "bad-turn.mock.json"]),
    ]);
    expect(notJson.code).toBe(2);
    expect(notJson.errLines[0]).toMatch(/^alice run: --mock summarise\.yaml: not JSON/);
    expect(badTurn.code).toBe(2);
    expect(badTurn.errLines[0]).toMatch(
      /^alice run: --mock bad-turn\.mock\.json: turns\.1\.error\.status: Too small/,
    );
  });

  it("a bad --tools module, --model or ALICE_MODEL is a usage error (exit 2)", async () => {
    const [tools, model, env] = await Promise.all([
      alice([...summarise.slice(0, 2), "--tools", "no-tools.ts", ...text]),
      alice([...summarise, ...text, "--model", "gpt-4o"]),
      alice([...summarise, ...text], { env: { ALICE_MODEL: "mistral:large" } }),
    ]);
    expect(tools.code).toBe(2);
    expect(tools.errLines[0]).toBe(
      "alice run: --tools no-tools.ts: the module exports no tools (export defineTool() tools, or a default record or list of them)",
    );
    expect(model.code).toBe(2);
    expect(model.errLines[0]).toMatch(/^alice run: --model: "gpt-4o" is not a model/);
    expect(env.code).toBe(2);
    expect(env.errLines[0]).toMatch(
      /^alice run: ALICE_MODEL: No provider registered for "mistral:large"/,
    );
  });

  it("Ctrl-C (SIGINT) cancels the run: exit 130", async () => {
    const child = spawnAlice([...summarise, ...text, "--mock", "slow.mock.json", "--verbose"]);
    const done = collect(child);
    await new Promise<void>((resolve) => {
      child.stderr?.on("data", (chunk: string) => {
        if (chunk.includes("→ summarise.llm_generation")) resolve();
      });
    });
    child.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.errLines.at(-1)).toMatch(/^ABORTED: /);
  });
});
