import {
  addUsage,
  addUsageMetrics,
  emptyUsageMetrics,
  type UsageMetrics,
} from "../messages/usage.ts";
import { EventChannel } from "./event-channel.ts";
import type { TaskEvent } from "./events.ts";
import type { NodeResponse, UserInteraction, UserResponseInfo } from "./types.ts";

/**
 * Everything one run owns: its history, variables, retry counts and state. Never shared with
 * another run; a sub-task's run has its own, linked by `parentRunId`.
 */
export class RunState {
  readonly runId: string;
  readonly parentRunId: string | undefined;
  readonly taskInputs: Record<string, unknown>;
  /** Inputs overlaid with the latest output of each node: what `ctx.inputs` shows. */
  readonly vars: Record<string, unknown>;
  readonly history: NodeResponse[];
  /** Latest response of each node in this run. */
  readonly latest: Record<string, NodeResponse> = {};
  /** Retry-flagged routes taken into each node in this run. */
  readonly retries = new Map<string, number>();
  readonly interactions: UserInteraction[];
  readonly state: Record<string, unknown>;
  readonly usage: UsageMetrics = emptyUsageMetrics();
  #channel: EventChannel<TaskEvent> | undefined;

  constructor(init: {
    runId: string;
    parentRunId: string | undefined;
    taskInputs: Record<string, unknown>;
    interactions?: UserInteraction[];
    state: Record<string, unknown>;
  }) {
    this.runId = init.runId;
    this.parentRunId = init.parentRunId;
    this.taskInputs = init.taskInputs;
    this.vars = { ...init.taskInputs };
    this.history = [];
    this.interactions = init.interactions ?? [];
    this.state = init.state;
  }

  /** Events on their way from nodes to the run's generator (made when first needed). */
  get channel(): EventChannel<TaskEvent> {
    this.#channel ??= new EventChannel();
    return this.#channel;
  }

  /** Appends a node's response: history, latest-by-name, usage. Variables are set by the caller. */
  record(response: NodeResponse): void {
    this.history.push(response);
    this.latest[response.nodeName] = response;
    for (const message of response.references.messages ?? []) {
      if (message.role === "assistant" && message.usage !== undefined)
        addUsage(this.usage, message.usage);
    }
    for (const child of response.references.taskResponses ?? [])
      addUsageMetrics(this.usage, child.usageMetrics);
  }

  /** Attempts of `node` so far: 1 + the retry routes taken into it. */
  attemptsOf(node: string): number {
    return 1 + (this.retries.get(node) ?? 0);
  }

  /** The latest answered checkpoint of this run, as nodes and templates see it. */
  latestUserResponse(): UserResponseInfo | undefined {
    for (let i = this.interactions.length - 1; i >= 0; i--) {
      const interaction = this.interactions[i]!;
      const response = interaction.response;
      if (response === undefined) continue;
      return {
        nodeName: interaction.nodeName,
        selectedOption: response.selectedOption,
        option: interaction.options[response.selectedOption] ?? String(response.selectedOption),
        feedback: response.feedback,
      };
    }
    return undefined;
  }
}
