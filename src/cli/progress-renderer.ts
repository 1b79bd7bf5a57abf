import type { Writable } from "node:stream";
import type { TaskEvent } from "../engine/events.ts";

/** Options of `createProgressRenderer`. */
export interface ProgressRendererOptions {
  /** Where progress lines go (stderr), or undefined for no progress. */
  progress: Writable | undefined;
  /** Where the model's text goes as it arrives, or undefined to not stream it. */
  text: Writable | undefined;
  /** Whether checkpoints are asked interactively (then the question is not echoed as progress). */
  interactive: boolean;
}

/** Renders a run's events: progress lines and the model's streamed text. */
export interface ProgressRenderer {
  /** Handles one event; pass it as `onEvent`. */
  onEvent(event: TaskEvent): void;
  /** Ends a streamed text line that is still open. */
  endText(): void;
  /** The text of the latest streamed model answer ("" when nothing streamed). */
  readonly lastText: string;
}

const MAX_SHOWN = 120;

/**
 * Progress as lines (`→ task.node`, `⚙ tool(args)`, `↻ retry …`), indented by sub-task depth,
 * and model text written as it arrives. A text line still open when a progress line comes is
 * ended first, so the two never share a line on a terminal.
 */
export function createProgressRenderer(options: ProgressRendererOptions): ProgressRenderer {
  const { progress, text, interactive } = options;
  const depth = new Map<string, number>();
  let open = false;
  let lastText = "";
  let lastTextKey: string | undefined;

  const endText = () => {
    if (open) text?.write("\n");
    open = false;
  };

  const onEvent = (event: TaskEvent): void => {
    if (event.type === "task-start" && !depth.has(event.runId)) {
      const parent = event.parentRunId === undefined ? undefined : depth.get(event.parentRunId);
      depth.set(event.runId, parent === undefined ? 0 : parent + 1);
    }
    if (event.type === "text-delta") {
      const key = `${event.runId}/${event.nodeName}`;
      if (key !== lastTextKey) {
        endText();
        lastText = "";
        lastTextKey = key;
      }
      lastText += event.delta;
      if (text !== undefined && event.delta !== "") {
        text.write(event.delta);
        open = !event.delta.endsWith("\n");
      }
      return;
    }
    // Reasoning and partial objects are not printed; they do not interrupt the answer's text.
    if (event.type === "reasoning-delta" || event.type === "object-delta") return;
    // Any other event ends the answer being streamed: the next delta starts a new one.
    lastTextKey = undefined;
    const lines = progress === undefined ? [] : describeEvent(event, interactive);
    if (lines.length === 0) return;
    endText();
    const indent = "  ".repeat(depth.get(event.runId) ?? 0);
    for (const line of lines) progress?.write(`${indent}${line}\n`);
  };

  return {
    onEvent,
    endText,
    get lastText() {
      return lastText;
    },
  };
}

/** The progress lines of one event (none for most). */
function describeEvent(event: TaskEvent, interactive: boolean): string[] {
  switch (event.type) {
    case "node-start":
      return [
        `→ ${event.taskName}.${event.nodeName}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}`,
      ];
    case "node-end": {
      const { nodeName, exitCode, references } = event.response;
      const lines = (references.errors ?? []).map(
        (error) => `  ✗ ${nodeName}: ${shorten(error.message)}`,
      );
      // A workflow node: say how its sub-task ended and where the routing goes next.
      const sub = references.messages === undefined ? references.taskResponses?.[0] : undefined;
      if (sub !== undefined) {
        lines.push(
          `  = ${nodeName}: ${shorten(sub.resultDiagnostic)} (exit ${exitCode}) → ${event.next ?? "end"}`,
        );
      }
      return lines;
    }
    case "retry":
      return [
        `  ↻ retry into ${event.nodeName} from ${event.fromNode} (attempt ${event.attempt} of ${event.maxAttempts})`,
      ];
    case "model-retry":
      return [
        `  ↻ model request failed (${event.code}: ${shorten(event.message)}); retrying in ${event.delayMs} ms`,
      ];
    case "checkpoint":
      return interactive ? [] : [`  ⏸ ${shorten(event.interaction.userPrompt)}`];
    case "tool-call":
      return [`  ⚙ ${event.toolCall.name}(${shorten(event.toolCall.arguments)})`];
    case "tool-result":
      return [`  ${event.isError ? "✗" : "←"} ${event.toolName}: ${shorten(event.content)}`];
    case "task-start":
    case "task-end":
    case "text-delta":
    case "reasoning-delta":
    case "object-delta":
      return [];
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

/** One line, at most MAX_SHOWN characters. */
function shorten(value: string): string {
  const flat = value.replace(/\s+/g, " ").trim();
  return flat.length <= MAX_SHOWN ? flat : `${flat.slice(0, MAX_SHOWN - 1)}…`;
}
