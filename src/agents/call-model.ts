import type { NodeContext } from "../engine/index.ts";
import { signalToPass } from "../engine/never-aborted.ts";
import { AliceError } from "../errors/alice-error.ts";
import type { JsonValue } from "../messages/json.ts";
import type { AssistantMessage } from "../messages/message.ts";
import type {
  LanguageModel,
  ModelCallOptions,
  ModelRequest,
  RetryNotice,
} from "../providers/language-model.ts";
import type { ModelRegistry } from "../providers/model-registry.ts";
import { FatalNodeError } from "./fatal-node-error.ts";
import { objectDeltas } from "./object-deltas.ts";

/** What a model call needs from the node it runs in. */
export type ModelCallContext = Pick<
  NodeContext,
  "nodeName" | "signal" | "streaming" | "emit" | "trace" | "journal"
>;

/**
 * Asks the model and returns its answer. Streams when `stream` is true, emitting each
 * `text-delta` and `reasoning-delta` (the answer keeps its reasoning); emits `model-retry`
 * before each of the provider's retries when someone listens; for a request with a
 * `responseFormat`, `object-delta` with the value parsed so far each time it changes. An error
 * the provider reports (after its own retries) ends the run as a `FatalNodeError` with the
 * provider's code: a node retry on top would only multiply attempts.
 *
 * In a durable run (`ctx.journal`), the answer is stored in the run's journal before it is used,
 * under the node execution's next `model:<n>` key; when a resumed run makes the same call again,
 * the stored answer is returned (its text emitted as one `text-delta`) and nothing is sent: no
 * second paid call, and the same tool-call ids.
 */
export async function callModel(
  model: LanguageModel,
  request: ModelRequest,
  stream: boolean,
  ctx: ModelCallContext,
): Promise<AssistantMessage> {
  const { journal } = ctx;
  if (journal === undefined) return send(model, request, stream, ctx);
  const key = journal.nextKey("model");
  const stored = await journaled(() => journal.read(key));
  if (stored?.state === "completed" && isAnswer(stored.value)) {
    if (ctx.streaming && stored.value.content !== "")
      ctx.emit({ type: "text-delta", nodeName: ctx.nodeName, delta: stored.value.content });
    return stored.value;
  }
  const answer = await send(model, request, stream, ctx);
  const value = answer as unknown as JsonValue;
  await journaled(() => journal.write(key, "model", { state: "completed", value }));
  return answer;
}

/** Sends the request to the model (in the tracer's span). */
function send(
  model: LanguageModel,
  request: ModelRequest,
  stream: boolean,
  ctx: ModelCallContext,
): Promise<AssistantMessage> {
  const options: ModelCallOptions = { signal: signalToPass(ctx.signal) };
  if (ctx.streaming) options.onRetry = (notice) => ctx.emit(retryEvent(notice, ctx.nodeName));
  const span = {
    kind: "model" as const,
    name: model.modelId,
    attributes: { provider: model.provider, streaming: stream },
  };
  return ctx.trace(span, () => ask(model, request, stream, options, ctx));
}

/**
 * The model a `.prompt` file names, made by the agent's registry. A name it cannot resolve, or a
 * factory that fails, ends the run (`FatalNodeError`, OPTIONS_INVALID with the registry's
 * message); an abort rejects with the signal's reason.
 */
export async function resolveCallModel(
  models: ModelRegistry,
  name: string,
  signal: AbortSignal,
): Promise<LanguageModel> {
  try {
    return await models.resolve(name, { signal: signalToPass(signal) });
  } catch (error) {
    if (signal.aborted) throw error;
    if (AliceError.isInstance(error)) throw new FatalNodeError(error);
    throw new FatalNodeError({
      code: "OPTIONS_INVALID",
      message: `The model "${name}" could not be resolved: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

async function ask(
  model: LanguageModel,
  request: ModelRequest,
  stream: boolean,
  options: ModelCallOptions,
  ctx: ModelCallContext,
): Promise<AssistantMessage> {
  try {
    if (!stream) return (await model.generate(request, options)).message;
    let answer: AssistantMessage | undefined;
    // A structured answer is also followed as the value parsed so far (when someone listens).
    const objects =
      ctx.streaming && request.responseFormat !== undefined ? objectDeltas() : undefined;
    for await (const part of model.stream(request, options)) {
      if (part.type === "text-delta") {
        ctx.emit({ type: "text-delta", nodeName: ctx.nodeName, delta: part.delta });
        const change = objects?.(part.delta);
        if (change !== undefined)
          ctx.emit({ type: "object-delta", nodeName: ctx.nodeName, value: change.value });
      } else if (part.type === "reasoning-delta")
        ctx.emit({ type: "reasoning-delta", nodeName: ctx.nodeName, delta: part.delta });
      else if (part.type === "finish") answer = part.response.message;
    }
    if (answer !== undefined) return answer;
    throw new AliceError(
      "PROVIDER_STREAM_ERROR",
      "The model's stream ended without a final answer.",
    );
  } catch (error) {
    if (AliceError.isInstance(error)) throw new FatalNodeError(error);
    throw error;
  }
}

/** A journal read or write; what the store throws (a lost lease) ends the run with its code. */
export async function journaled<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (AliceError.isInstance(error)) throw new FatalNodeError(error);
    throw new FatalNodeError({
      code: "RUN_STORE_FAILED",
      message: `The run's journal failed: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

function isAnswer(value: unknown): value is AssistantMessage & JsonValue {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { role?: unknown }).role === "assistant" &&
    typeof (value as { content?: unknown }).content === "string"
  );
}

function retryEvent(notice: RetryNotice, nodeName: string) {
  return {
    type: "model-retry",
    nodeName,
    attempt: notice.attempt,
    delayMs: notice.delayMs,
    code: notice.error.code,
    message: notice.error.message,
  } as const;
}
