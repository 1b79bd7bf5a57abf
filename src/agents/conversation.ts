import type { NodeResponse } from "../engine/index.ts";
import type { Message } from "../messages/message.ts";

/** What a run has said so far, as an agent's next model call needs it. */
export interface Conversation {
  /**
   * Every message the run recorded (the rendered prompt, answers, tool results, repair
   * feedback) in order, except answers the agent rejected. Appended to, never rebuilt: copy it
   * before handing it to code that may keep it.
   */
  readonly messages: readonly Message[];
  /** Whether the run already recorded the rendered prompt (system and task messages). */
  readonly prompted: boolean;
  /** How many `tool_call_execution` nodes the run has executed. */
  readonly toolRounds: number;
}

interface Folded extends Conversation {
  messages: Message[];
  prompted: boolean;
  toolRounds: number;
  /** How many history entries are folded in. */
  length: number;
}

/** One conversation per run, keyed by the run's history array (the same object all run long). */
const conversations = new WeakMap<readonly NodeResponse[], Folded>();

/**
 * The conversation of the run whose history this is. Each call folds in only the entries added
 * since the previous one, so a long tool loop costs the same per model call at round 20 as at
 * round 1. A resumed run has a new history array: its conversation is built once from the
 * history, so it sends exactly what an uninterrupted run would.
 */
export function conversationOf(history: readonly NodeResponse[]): Conversation {
  let folded = conversations.get(history);
  // A history that got shorter was not appended to: fold it again from the start.
  if (folded === undefined || folded.length > history.length) {
    folded = { messages: [], prompted: false, toolRounds: 0, length: 0 };
    conversations.set(history, folded);
  }
  for (; folded.length < history.length; folded.length++) {
    const node = history[folded.length]!;
    if (node.nodeName === "tool_call_execution") folded.toolRounds++;
    if (node.references.data?.prompt === true) folded.prompted = true;
    for (const message of node.references.messages ?? []) {
      if (message.role === "assistant" && message.rejected !== undefined) continue;
      folded.messages.push(message);
    }
  }
  return folded;
}
