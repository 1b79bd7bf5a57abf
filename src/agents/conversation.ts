import type { NodeResponse } from "../engine/types.ts";
import type { Message } from "../messages/message.ts";

/**
 * The conversation to send at an `llm_generation`: every message this run recorded (the
 * rendered prompt, answers, tool results, repair feedback) in order, except answers the agent
 * rejected. Built from the history, so a resumed run sends exactly what an uninterrupted one would.
 */
export function conversationOf(history: readonly NodeResponse[]): Message[] {
  const messages: Message[] = [];
  for (const node of history) {
    for (const message of node.references.messages ?? []) {
      if (message.role === "assistant" && message.rejected !== undefined) continue;
      messages.push(message);
    }
  }
  return messages;
}

/** True when this run already recorded the rendered prompt (system and task messages). */
export function hasPrompt(history: readonly NodeResponse[]): boolean {
  return history.some((node) => node.references.data?.prompt === true);
}
