import type { ToolCall } from "../../messages/message.ts";
import { DriverFailure } from "../provider-failure.ts";

/** A tool-call fragment of a Chat Completions stream chunk, as loosely as servers send it. */
export interface ToolCallFragment {
  index?: number;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

/** What one fragment added to a call, for a `tool-call-delta` part. */
export interface ToolCallProgress {
  call: ToolCall;
  argumentsDelta: string;
  started: boolean;
}

// The most tool calls one answer may carry; a larger index is a broken or hostile stream.
const MAX_TOOL_CALLS = 1024;

function mergeName(current: string, piece: string): string {
  // Servers send the name once, repeat it whole, or (rarely) split it.
  return current === "" || piece.startsWith(current) ? piece : current + piece;
}

/**
 * Reassembles streamed tool calls: fragments are keyed by `index`, and a new id at a used index
 * starts a new call (Ollama sends every call at index 0), so arguments are never glued together.
 */
export class ToolCallAssembler {
  readonly calls: ToolCall[] = [];
  readonly #byIndex = new Map<number, ToolCall>();

  /** Adds one fragment and tells what it changed. */
  add(fragment: ToolCallFragment): ToolCallProgress {
    const { index } = fragment;
    if (
      index !== undefined &&
      (!Number.isSafeInteger(index) || index < 0 || index >= MAX_TOOL_CALLS)
    ) {
      throw new DriverFailure({
        kind: "invalid-response",
        message: `the stream sent a tool call with index ${JSON.stringify(index)}`,
      });
    }
    const id = fragment.id ?? "";
    let call = index === undefined ? this.calls.at(-1) : this.#byIndex.get(index);
    let started = false;
    if (call === undefined || (id !== "" && call.id !== "" && call.id !== id)) {
      call = { id: "", name: "", arguments: "" };
      this.calls.push(call);
      started = true;
    }
    this.#byIndex.set(index ?? this.calls.length - 1, call);
    if (call.id === "") call.id = id;
    const name = fragment.function?.name;
    if (typeof name === "string" && name !== "") call.name = mergeName(call.name, name);
    const argumentsDelta = fragment.function?.arguments ?? "";
    call.arguments += argumentsDelta;
    return { call, argumentsDelta, started };
  }
}
