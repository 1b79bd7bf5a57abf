// Chat threads (issue 16), through both SDKs and MSW: a PromptAgentTask run given a store and a
// threadId sends the thread's earlier turns (task messages, tool rounds, final answers) after the
// system message and before its own task message, bounded by historyWindow without ever sending
// a tool call apart from its result; the thread survives a new store on the same SQLite file;
// threads never mix; a thread takes one run at a time.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AliceAgent,
  defineTool,
  type JsonObject,
  type JsonValue,
  MemoryRunStore,
  openSqliteRunStore,
  PromptAgentTask,
  type TaskEvent,
} from "alice-agents";
import { createOpenAI } from "alice-agents/openai";
import type { MockRequest, MockTurn } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type Harness, harnesses } from "./harness.ts";

const SYSTEM = "You are a concise travel assistant.";

const convert = defineTool({
  name: "convert",
  description: "Converts euros to yen.",
  input: z.object({ eur: z.number() }),
  execute: ({ eur }) => `${eur * 163} JPY`,
});

const chat = (h: Harness) =>
  new PromptAgentTask({
    taskName: "chat",
    agent: new AliceAgent({ name: "Ada", systemMessage: SYSTEM, model: h.model() }),
    templates: { task_template: "{{message}}" },
    tools: [convert],
  });

const toolCall = (id: string, eur: number): MockTurn => ({
  toolCalls: [{ id, name: "convert", arguments: { eur } }],
});

/** Stops consuming a run at the first event `stop` accepts, as a process that dies there. */
async function crashWhen(events: AsyncIterable<TaskEvent>, stop: (e: TaskEvent) => boolean) {
  for await (const event of events) if (stop(event)) return;
  throw new Error("the run ended before the crash point");
}

describe.each(harnesses())("chat threads over $name", (h) => {
  it("the second run's request carries the first run's turn: task message, tool round, answer", async () => {
    const store = new MemoryRunStore();
    const llm = h.script([
      toolCall("call_1", 10),
      { text: "10 EUR is 1630 JPY." },
      { text: "About 11 USD." },
    ]);
    const task = chat(h);
    const first = await task.run(
      { message: "10 euros in yen?" },
      { store, threadId: "t1", runId: "r1" },
    );
    expect(first.status).toBe("complete");
    const second = await task.run(
      { message: "And in dollars?" },
      { store, threadId: "t1", runId: "r2" },
    );
    llm.assertComplete();
    expect(second.taskOutputs).toBe("About 11 USD.");
    expect(transcript(llm.requests[2]!)).toEqual([
      `system: ${SYSTEM}`,
      "user: 10 euros in yen?",
      'call call_1 convert {"eur":10}',
      "result call_1: 1630 JPY",
      "assistant: 10 EUR is 1630 JPY.",
      "user: And in dollars?",
    ]);
    // The first run of a thread sends no history.
    expect(transcript(llm.requests[0]!)).toEqual([`system: ${SYSTEM}`, "user: 10 euros in yen?"]);
    // Both runs are stored with their thread; the history is in the journal, not in the run's nodes.
    const runs = await store.listRuns({ threadId: "t1" });
    expect(runs.map((r) => r.runId).sort()).toEqual(["r1", "r2"]);
    expect(second.nodeReferences[0]?.references.messages?.map((m) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
    ]);
    const record = await store.getJournal("r2", "thread");
    expect(record).toMatchObject({ kind: "model", state: "completed" });
    expect(record?.value).toMatchObject({
      seq: 2,
      history: [{ runId: "r1" }],
      turn: {
        runId: "r2",
        messages: [
          { role: "user", content: "And in dollars?" },
          { role: "assistant", content: "About 11 USD." },
        ],
      },
    });
  });

  it("historyWindow bounds the history: the newest turns that fit, whole", async () => {
    const store = new MemoryRunStore();
    const llm = h.script([
      { text: "A1" },
      { text: "A2" },
      { text: "A3" },
      { text: "A4" },
      { text: "A5" },
    ]);
    const task = chat(h);
    for (const message of ["Q1", "Q2", "Q3"])
      await task.run({ message }, { store, threadId: "w", historyWindow: 4 });
    await task.run({ message: "Q4" }, { store, threadId: "w", historyWindow: 5 });
    await task.run({ message: "Q5" }, { store, threadId: "w", historyWindow: 0 });
    llm.assertComplete();
    const sent = llm.requests.map((r) => transcript(r).slice(1));
    expect(sent[2]).toEqual(["user: Q1", "assistant: A1", "user: Q2", "assistant: A2", "user: Q3"]);
    // 5 messages fit two turns of 2, not a third: a turn is never cut in half.
    expect(sent[3]).toEqual(["user: Q2", "assistant: A2", "user: Q3", "assistant: A3", "user: Q4"]);
    expect(sent[4]).toEqual(["user: Q5"]);
  });

  it("a tool round is never split: a turn that does not fit whole is sent without its tool rounds", async () => {
    const store = new MemoryRunStore();
    const llm = h.script([
      toolCall("call_a", 1),
      toolCall("call_b", 2),
      { text: "1 and 2 EUR are 163 and 326 JPY." },
      { text: "Noted." },
      { text: "Third." },
    ]);
    const task = chat(h);
    await task.run({ message: "1 and 2 euros?" }, { store, threadId: "tools" });
    await task.run({ message: "Remember that." }, { store, threadId: "tools" });
    // 2 messages left for the first turn (6 whole): its task message and final answer.
    await task.run({ message: "Third?" }, { store, threadId: "tools", historyWindow: 4 });
    expect(transcript(llm.requests[4]!).slice(1)).toEqual([
      "user: 1 and 2 euros?",
      "assistant: 1 and 2 EUR are 163 and 326 JPY.",
      "user: Remember that.",
      "assistant: Noted.",
      "user: Third?",
    ]);
    // A window of 6 keeps the first turn whole: whole turns only, the tool rounds in order.
    const store2 = new MemoryRunStore();
    const llm2 = h.script([
      toolCall("call_c", 3),
      { text: "489 JPY." },
      { text: "Fine." },
      { text: "Done." },
    ]);
    await task.run({ message: "3 euros?" }, { store: store2, threadId: "t" });
    await task.run({ message: "Ok." }, { store: store2, threadId: "t" });
    await task.run({ message: "Bye." }, { store: store2, threadId: "t", historyWindow: 6 });
    llm.assertComplete();
    llm2.assertComplete();
    expect(transcript(llm2.requests[3]!).slice(1)).toEqual([
      "user: 3 euros?",
      'call call_c convert {"eur":3}',
      "result call_c: 489 JPY",
      "assistant: 489 JPY.",
      "user: Ok.",
      "assistant: Fine.",
      "user: Bye.",
    ]);
  });

  it("another thread is not mixed in, and a failed run is no turn of its thread", async () => {
    const store = new MemoryRunStore();
    const llm = h.script([
      { text: "Hi Ann." },
      { text: "Hi Bob." },
      { error: { status: 400, message: "bad request" } },
      { text: "You are Ann." },
    ]);
    const task = chat(h);
    await task.run({ message: "I am Ann." }, { store, threadId: "ann" });
    await task.run({ message: "I am Bob." }, { store, threadId: "bob" });
    const failed = await task.run({ message: "Lost words." }, { store, threadId: "ann" });
    expect(failed.status).toBe("failed");
    const response = await task.run({ message: "Who am I?" }, { store, threadId: "ann" });
    llm.assertComplete();
    expect(response.taskOutputs).toBe("You are Ann.");
    expect(transcript(llm.requests[3]!).slice(1)).toEqual([
      "user: I am Ann.",
      "assistant: Hi Ann.",
      "user: Who am I?",
    ]);
  });

  it("a thread survives a restart: a new store on the same SQLite file, a new task", async () => {
    const dir = await mkdtemp(join(tmpdir(), "alice-threads-"));
    try {
      const path = join(dir, "chat.db");
      const llm = h.script([{ text: "Noted: Lisbon." }, { text: "You are going to Lisbon." }]);
      const before = await openSqliteRunStore({ path });
      await chat(h).run({ message: "I fly to Lisbon." }, { store: before, threadId: "trip" });
      await before.close();

      const after = await openSqliteRunStore({ path });
      const response = await chat(h).run(
        { message: "Where am I going?" },
        { store: after, threadId: "trip" },
      );
      await after.close();
      llm.assertComplete();
      expect(response.taskOutputs).toBe("You are going to Lisbon.");
      expect(transcript(llm.requests[1]!).slice(1)).toEqual([
        "user: I fly to Lisbon.",
        "assistant: Noted: Lisbon.",
        "user: Where am I going?",
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a thread takes one run at a time: a run in progress refuses the next until it is resumed", async () => {
    const store = new MemoryRunStore();
    const llm = h.script([
      { text: "Hi." },
      toolCall("call_1", 5),
      { text: "815 JPY." },
      { text: "Yes, 815." },
    ]);
    const task = chat(h);
    await task.run({ message: "Hello." }, { store, threadId: "busy" });
    // The process dies during the next run's tool round: it stays "running" in the store.
    await crashWhen(
      task.stream({ message: "5 euros?" }, { store, threadId: "busy", runId: "first" }),
      (e) => e.type === "tool-call",
    );
    const refused = task.run({ message: "Sure?" }, { store, threadId: "busy", runId: "second" });
    await expect(refused).rejects.toMatchObject({
      code: "RUN_CONFLICT",
      message: expect.stringContaining('Thread "busy" has a run in progress ("first", running)'),
    });
    expect(await store.loadRun("second")).toBeUndefined();

    // Resumed, the run sends the history it loaded before the crash, whatever the window now.
    const resumed = await task.resume("first", { store, historyWindow: 0 });
    expect(resumed.taskOutputs).toBe("815 JPY.");
    expect(transcript(llm.requests[2]!).slice(1)).toEqual([
      "user: Hello.",
      "assistant: Hi.",
      "user: 5 euros?",
      'call call_1 convert {"eur":5}',
      "result call_1: 815 JPY",
    ]);
    const next = await task.run({ message: "Sure?" }, { store, threadId: "busy" });
    llm.assertComplete();
    expect(next.taskOutputs).toBe("Yes, 815.");
    expect(transcript(llm.requests[3]!).slice(1)).toEqual([
      "user: Hello.",
      "assistant: Hi.",
      "user: 5 euros?",
      'call call_1 convert {"eur":5}',
      "result call_1: 815 JPY",
      "assistant: 815 JPY.",
      "user: Sure?",
    ]);
  });

  it("two runs started at once on one thread in one process: the first goes on, the second is refused", async () => {
    const store = new MemoryRunStore();
    const llm = h.script([{ text: "One." }]);
    const task = chat(h);
    const [a, b] = await Promise.allSettled([
      task.run({ message: "a" }, { store, threadId: "race", runId: "a" }),
      task.run({ message: "b" }, { store, threadId: "race", runId: "b" }),
    ]);
    llm.assertComplete();
    expect(a).toMatchObject({ status: "fulfilled", value: { taskOutputs: "One." } });
    expect(b).toMatchObject({
      status: "rejected",
      reason: { code: "RUN_CONFLICT", message: expect.stringContaining("in this process") },
    });
    expect((await store.listRuns({ threadId: "race" })).map((r) => r.runId)).toEqual(["a"]);
  });

  it("a cancelled run does not hold its thread; resumed after the thread moved on, it is refused", async () => {
    const store = new MemoryRunStore();
    const llm = h.script([toolCall("call_1", 5), { text: "Hello again." }]);
    const task = chat(h);
    const stop = new AbortController();
    const cancelled = await task.run(
      { message: "5 euros?" },
      {
        store,
        threadId: "stop",
        runId: "stopped",
        signal: stop.signal,
        onEvent: (e) => e.type === "tool-call" && stop.abort(),
      },
    );
    expect(cancelled.status).toBe("cancelled");
    const next = await task.run({ message: "Hello?" }, { store, threadId: "stop" });
    expect(next.taskOutputs).toBe("Hello again.");
    // The cancelled turn is not in the thread: the next run sent no history.
    expect(transcript(llm.requests[1]!).slice(1)).toEqual(["user: Hello?"]);
    llm.assertComplete();

    const resumed = await task.resume("stopped", { store });
    expect(resumed.status).toBe("failed");
    expect(resumed.error).toMatchObject({
      code: "RUN_CONFLICT",
      message: expect.stringContaining('Thread "stop" moved on while run "stopped" was stopped'),
    });
  });
});

describe("thread options", () => {
  const store = new MemoryRunStore();
  const task = new PromptAgentTask({
    taskName: "chat",
    agent: new AliceAgent({
      name: "Ada",
      systemMessage: SYSTEM,
      model: createOpenAI({ apiKey: "sk-test-key-openai" })("gpt-4o-mini"),
    }),
    templates: { task_template: "{{message}}" },
  });

  it.each([
    [{ threadId: "t" }, /threadId "t" needs a store/],
    [{ threadId: "", store }, /threadId must be a non-empty string/],
    [{ store, historyWindow: 3 }, /historyWindow bounds the history of a thread: pass threadId/],
    [{ store, threadId: "t", historyWindow: -1 }, /historyWindow must be a whole number/],
    [{ store, threadId: "t", historyWindow: 2.5 }, /historyWindow must be a whole number/],
  ])("%o is OPTIONS_INVALID, before anything is stored", async (options, message) => {
    await expect(task.run({ message: "hi" }, options)).rejects.toMatchObject({
      code: "OPTIONS_INVALID",
      message: expect.stringMatching(message),
    });
    expect(() => task.stream({ message: "hi" }, options)).toThrow(message);
    expect(await store.listRuns()).toEqual([]);
  });

  it("resume() takes no threadId: a resumed run stays in its thread", () => {
    const options = { store, threadId: "t" } as never;
    expect(() => task.resumeStream("r", options)).toThrow(
      /a resumed run stays in the thread it was started in/,
    );
  });
});

/** The conversation a request sends, one line per message part, in both wire formats. */
function transcript(request: MockRequest): string[] {
  const body = request.body;
  const lines: string[] = [];
  if (body.system !== undefined) lines.push(`system: ${text(body.system)}`);
  for (const message of body.messages as JsonObject[]) {
    const role = message.role as string;
    if (role === "system") lines.push(`system: ${text(message.content)}`);
    else if (role === "tool")
      lines.push(`result ${message.tool_call_id}: ${text(message.content)}`);
    for (const call of (message.tool_calls ?? []) as JsonObject[]) {
      const fn = call.function as JsonObject;
      lines.push(
        `call ${call.id} ${fn.name} ${JSON.stringify(JSON.parse(fn.arguments as string))}`,
      );
    }
    if (role === "system" || role === "tool") continue;
    const blocks = typeof message.content === "string" ? [message.content] : message.content;
    for (const block of Array.isArray(blocks) ? blocks : []) {
      const part = block as JsonObject;
      if (typeof block === "string" || part.type === "text") {
        const said = text(block);
        if (said !== "") lines.push(`${role}: ${said}`);
      } else if (part.type === "tool_use")
        lines.push(`call ${part.id} ${part.name} ${JSON.stringify(part.input)}`);
      else if (part.type === "tool_result")
        lines.push(`result ${part.tool_use_id}: ${text(part.content)}`);
    }
  }
  return lines;
}

function text(content: JsonValue | undefined): string {
  if (typeof content === "string") return content;
  if (content === null || content === undefined) return "";
  if (!Array.isArray(content)) return text((content as JsonObject).text);
  return content.map(text).join("");
}
