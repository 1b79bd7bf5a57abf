/**
 * Wire bodies of the loopback mock, built once per (API, turn, mode) and kept as Buffers so the
 * server only copies bytes: Chat Completions (JSON and SSE) and the Responses API (JSON and SSE).
 */
import { FINAL_PIECES, TOOL_ARGUMENT_PIECES, TOOL_ARGUMENTS, TOOL_NAME } from "./scenario.ts";

/** One model turn: the tool call of round `round` (from 1), or the final text. */
export type Turn = { kind: "tool-call"; round: number } | { kind: "final"; text: string };

/** The API and mode a body is for. */
export interface BodyMode {
  api: "chat" | "responses";
  stream: boolean;
  /** Chat SSE only: the usage chunk before `[DONE]` (`stream_options.include_usage`). */
  includeUsage: boolean;
}

const CREATED = 1_764_000_000;
const USAGE_CHAT = { prompt_tokens: 60, completion_tokens: 12, total_tokens: 72 };
const USAGE_RESPONSES = {
  input_tokens: 60,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 12,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 72,
};

const callId = (round: number) => `call_${round}`;
const sse = (data: unknown, event?: string) =>
  `${event === undefined ? "" : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`;

/** The body of one answer, as it goes on the wire. */
export function wireBody(turn: Turn, model: string, mode: BodyMode): string {
  if (mode.api === "chat")
    return mode.stream
      ? chatStream(turn, model, mode.includeUsage)
      : JSON.stringify(chat(turn, model));
  return mode.stream
    ? responsesStream(turn, model)
    : JSON.stringify(response(turn, model, "completed"));
}

function chat(turn: Turn, model: string): unknown {
  const message =
    turn.kind === "final"
      ? { role: "assistant", content: turn.text, refusal: null }
      : {
          role: "assistant",
          content: null,
          refusal: null,
          tool_calls: [
            {
              id: callId(turn.round),
              type: "function",
              function: { name: TOOL_NAME, arguments: TOOL_ARGUMENTS },
            },
          ],
        };
  return {
    id: `chatcmpl-bench-${turn.kind === "final" ? "final" : turn.round}`,
    object: "chat.completion",
    created: CREATED,
    model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: turn.kind === "final" ? "stop" : "tool_calls",
      },
    ],
    usage: USAGE_CHAT,
    system_fingerprint: "fp_bench",
  };
}

function chatStream(turn: Turn, model: string, includeUsage: boolean): string {
  const id = `chatcmpl-bench-${turn.kind === "final" ? "final" : turn.round}`;
  const chunk = (delta: unknown, finishReason: string | null) =>
    sse({
      id,
      object: "chat.completion.chunk",
      created: CREATED,
      model,
      system_fingerprint: "fp_bench",
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });
  const frames: string[] = [];
  if (turn.kind === "final") {
    const pieces = turn.text === FINAL_PIECES.join("") ? FINAL_PIECES : [turn.text];
    frames.push(chunk({ role: "assistant", content: "", refusal: null }, null));
    for (const piece of pieces) frames.push(chunk({ content: piece }, null));
    frames.push(chunk({}, "stop"));
  } else {
    const first = { index: 0, id: callId(turn.round), type: "function" };
    frames.push(
      chunk(
        {
          role: "assistant",
          content: null,
          tool_calls: [{ ...first, function: { name: TOOL_NAME, arguments: "" } }],
        },
        null,
      ),
    );
    for (const piece of TOOL_ARGUMENT_PIECES)
      frames.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
    frames.push(chunk({}, "tool_calls"));
  }
  if (includeUsage) {
    frames.push(
      sse({
        id,
        object: "chat.completion.chunk",
        created: CREATED,
        model,
        choices: [],
        usage: USAGE_CHAT,
      }),
    );
  }
  frames.push("data: [DONE]\n\n");
  return frames.join("");
}

function outputItem(turn: Turn, status: "in_progress" | "completed"): Record<string, unknown> {
  if (turn.kind === "final") {
    return {
      type: "message",
      id: "msg_bench",
      role: "assistant",
      status,
      content:
        status === "completed" ? [{ type: "output_text", text: turn.text, annotations: [] }] : [],
    };
  }
  return {
    type: "function_call",
    id: `fc_${turn.round}`,
    call_id: callId(turn.round),
    name: TOOL_NAME,
    arguments: status === "completed" ? TOOL_ARGUMENTS : "",
    status,
  };
}

function response(turn: Turn, model: string, status: "in_progress" | "completed"): unknown {
  return {
    id: `resp_bench_${turn.kind === "final" ? "final" : turn.round}`,
    object: "response",
    created_at: CREATED,
    status,
    model,
    output: status === "completed" ? [outputItem(turn, "completed")] : [],
    usage: status === "completed" ? USAGE_RESPONSES : null,
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    parallel_tool_calls: true,
    temperature: 1,
    tool_choice: "auto",
    tools: [],
    top_p: 1,
    text: { format: { type: "text" } },
  };
}

function responsesStream(turn: Turn, model: string): string {
  let sequence = 0;
  const frames: string[] = [];
  const event = (type: string, fields: Record<string, unknown>) =>
    frames.push(sse({ type, sequence_number: sequence++, ...fields }, type));
  event("response.created", { response: response(turn, model, "in_progress") });
  event("response.in_progress", { response: response(turn, model, "in_progress") });
  const item = outputItem(turn, "completed");
  const itemId = item.id;
  event("response.output_item.added", { output_index: 0, item: outputItem(turn, "in_progress") });
  if (turn.kind === "final") {
    const pieces = turn.text === FINAL_PIECES.join("") ? FINAL_PIECES : [turn.text];
    const part = { type: "output_text", text: "", annotations: [] };
    const at = { item_id: itemId, output_index: 0, content_index: 0 };
    event("response.content_part.added", { ...at, part });
    for (const delta of pieces) event("response.output_text.delta", { ...at, delta, logprobs: [] });
    event("response.output_text.done", { ...at, text: turn.text, logprobs: [] });
    event("response.content_part.done", { ...at, part: { ...part, text: turn.text } });
  } else {
    const at = { item_id: itemId, output_index: 0 };
    for (const delta of TOOL_ARGUMENT_PIECES)
      event("response.function_call_arguments.delta", { ...at, delta });
    event("response.function_call_arguments.done", {
      ...at,
      name: TOOL_NAME,
      arguments: TOOL_ARGUMENTS,
    });
  }
  event("response.output_item.done", { output_index: 0, item });
  event("response.completed", { response: response(turn, model, "completed") });
  return frames.join("");
}
