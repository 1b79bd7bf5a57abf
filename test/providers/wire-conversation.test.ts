import { describe, expect, it } from "vitest";
import type { Message } from "../../src/messages/message.ts";
import { toAnthropicMessages } from "../../src/providers/anthropic/anthropic-messages.ts";
import { toOpenAIMessages } from "../../src/providers/openai/openai-messages.ts";
import { wireConversation } from "../../src/providers/wire-conversation.ts";

/** A fold that writes each message's role and counts the messages it converted. */
function countingFold() {
  const converted: Message[] = [];
  const convert = wireConversation({
    start: (): string[] => [],
    add: (roles, message) => {
      converted.push(message);
      roles.push(message.role);
    },
    mark: (roles) => roles.length,
    output: (roles, length) => roles.slice(0, length),
  });
  return { convert, converted };
}

const system: Message = { role: "system", content: "Be brief." };
const question: Message = { role: "user", content: "Weather in Paris and Tokyo?" };

/** The messages one tool round adds: an answer with two calls, and their results. */
function round(n: number): Message[] {
  return [
    {
      role: "assistant",
      content: n % 2 === 0 ? "" : `Round ${n}.`,
      toolCalls: [
        { id: `call_${n}_a`, name: "weather", arguments: `{"city":"Paris ${n}"}` },
        { id: `call_${n}_b`, name: "weather", arguments: `{"city":"Tokyo ${n}"}` },
      ],
    },
    { role: "tool", toolCallId: `call_${n}_a`, toolName: "weather", content: `sunny ${n}` },
    {
      role: "tool",
      toolCallId: `call_${n}_b`,
      toolName: "weather",
      content: `rain ${n}`,
      isError: n === 2,
    },
  ];
}

/** What a conversation sends when none of its messages was sent before. */
const fresh = <T>(convert: (messages: readonly Message[]) => T, messages: readonly Message[]) =>
  convert(structuredClone(messages));

describe("wireConversation", () => {
  it("converts each message of a tool loop once, though every call sends the whole conversation", () => {
    const { convert, converted } = countingFold();
    const conversation: Message[] = [system, question];
    for (let n = 1; n <= 20; n++) {
      // A new array every call, as an agent builds it.
      expect(convert([...conversation])).toEqual(conversation.map((m) => m.role));
      conversation.push(...round(n));
    }
    expect(converted).toHaveLength(2 + 3 * 19);
    expect(new Set(converted).size).toBe(converted.length);
  });

  it("converts again from the start a conversation that changed an earlier message", () => {
    const { convert, converted } = countingFold();
    const first = [system, question, ...round(1)];
    convert(first);
    const other: Message = { role: "system", content: "Be thorough." };
    expect(convert([other, question, ...first.slice(2)])).toEqual(first.map((m) => m.role));
    expect(converted).toHaveLength(first.length * 2);
  });
});

const converters: [string, (messages: readonly Message[]) => unknown][] = [
  ["openai", toOpenAIMessages],
  ["anthropic", toAnthropicMessages],
];

describe.each(converters)("%s: a conversation sent again and again", (_name, convert) => {
  it("sends what a fresh conversion sends, at every round", () => {
    const conversation: Message[] = [system, question];
    for (let n = 1; n <= 5; n++) {
      expect(convert([...conversation])).toEqual(fresh(convert, conversation));
      conversation.push(...round(n));
    }
  });

  it("never changes what it handed out before, when the conversation goes on", () => {
    const start = [system, question, ...round(1)];
    const before = convert(start);
    const shown = JSON.stringify(before);
    const later: Message[] = [...start, { role: "user", content: "And Rome?" }, ...round(2)];
    expect(convert(later)).toEqual(fresh(convert, later));
    expect(JSON.stringify(before)).toBe(shown);
    expect(convert(start)).toEqual(before);
  });

  it("sends a branch off an earlier point, and the same last message after another start, right", () => {
    const trunk = [system, question, ...round(1), ...round(2)];
    convert(trunk);
    const branch = [system, question, ...round(1), { role: "user", content: "Stop." } as Message];
    expect(convert(branch)).toEqual(fresh(convert, branch));
    expect(convert([...trunk, ...round(3)])).toEqual(fresh(convert, [...trunk, ...round(3)]));
    const elsewhere = [{ role: "system", content: "Other." } as Message, question];
    expect(convert(elsewhere)).toEqual(fresh(convert, elsewhere));
    const skipped = [system, question, ...round(1).slice(1)];
    expect(convert(skipped)).toEqual(fresh(convert, skipped));
  });
});

describe("anthropic: merged turns as the conversation grows", () => {
  it("adds a user note to the turn of the tool results before it, results first", () => {
    const start = [system, question, ...round(1)];
    const before = toAnthropicMessages(start);
    expect(before.messages.at(-1)?.content).toHaveLength(2);
    const note: Message = { role: "user", content: "Be quick." };
    const after = toAnthropicMessages([...start, note]);
    expect(after.messages).toHaveLength(before.messages.length);
    expect(after.messages.at(-1)).toEqual({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "call_1_a", content: "sunny 1" },
        { type: "tool_result", tool_use_id: "call_1_b", content: "rain 1" },
        { type: "text", text: "Be quick." },
      ],
    });
    expect(before.messages.at(-1)?.content).toHaveLength(2);
  });
});
