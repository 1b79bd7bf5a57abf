import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { AliceError } from "../errors/alice-error.ts";
import { describeThrown } from "../errors/describe-thrown.ts";
import { TaskDefinitionError } from "../errors/errors.ts";
import { Prompt } from "../prompts/prompt.ts";
import type { FunctionParameters, ParametersInput } from "../schema/function-parameters.ts";
import type { RunStore } from "../stores/run-store.ts";
import { checkTemplateNames } from "./check-template-names.ts";
import { type CompiledDefinition, compileDefinition } from "./definition.ts";
import { rootDurability } from "./durable-run.ts";
import type { TaskEvent } from "./events.ts";
import type { InputsType, RunInputs } from "./input-types.ts";
import { compileInputs, type InputSpec } from "./inputs.ts";
import { checkIntegrity, type IntegrityKey, signPendingEvents } from "./response-integrity.ts";
import { checkResumable } from "./resume-run.ts";
import { type RunOptions, type RunStart, runTask } from "./run-loop.ts";
import { checkThreadOptions } from "./run-thread.ts";
import type { NodeContext, RunInfo, RunnableTask } from "./runnable-task.ts";
import type { RunSeams } from "./seams.ts";
import { type TaskTool, taskAsTool } from "./task-as-tool.ts";
import { graphToMermaid, type TaskGraph, taskGraph } from "./task-graph.ts";
import type {
  NodeResponse,
  NodeResult,
  TaskResponse,
  TasksEndCodeRouting,
  UserCheckpoint,
  UserResponse,
} from "./types.ts";

/** Options of every task (Project Alice's task fields, camelCase). Subclasses pass their defaults to `super()`. */
export interface AliceTaskOptions {
  /** @default a random UUID */
  id?: string;
  taskName: string;
  /** What the task does; also its description as a tool. @default "" */
  taskDescription?: string;
  /** @default the first node of nodeEndCodeRouting */
  startNode?: string;
  /** `false` allows no retry at all. @default true */
  recursive?: boolean;
  /** Attempts a node may have: `3` allows two retries into it. @default 3 */
  maxAttempts?: number;
  /** Nodes one run may execute before it fails (the loop guard). @default 100 */
  maxNodeExecutions?: number;
  /** `{ [node]: { [exitCode]: [next | null, isRetry] } }` */
  nodeEndCodeRouting: TasksEndCodeRouting;
  /** Pauses before nodes to ask the user. @default {} */
  userCheckpoints?: Readonly<Record<string, UserCheckpoint>>;
  /** Declared inputs: FunctionParameters (JSON Schema) or a zod object schema. @default no inputs */
  inputVariables?: ParametersInput;
  /** Exit code → description, used as `resultDiagnostic`. @default { 0: "Success", 1: "Failed" } */
  exitCodes?: Readonly<Record<number, string>>;
  /**
   * Exit codes that end a run `complete` when the node that ended the run gave one; any other
   * ending is `failed`. E.g. `[0, 2]` lets a check's REJECTED branch end the run successfully.
   * @default [0]
   */
  successCodes?: readonly number[];
  /** API types the task needs (informational until providers are configured per task). @default [] */
  requiredApis?: readonly string[];
  /** Named templates; `output_template` renders `taskOutputs`. Strings become Prompts. @default {} */
  templates?: Readonly<Record<string, Prompt | string>>;
  /** Sub-tasks: nodes of a Workflow, tools of an agent. @default {} */
  tasks?: Readonly<Record<string, AliceTask>>;
  /** Validates `ctx.state` after every node. */
  stateSchema?: z.ZodType;
  /** The state each run starts with (copied per run). @default {} */
  initialState?: Readonly<Record<string, unknown>>;
}

/** What a subclass adds to the definition check of `AliceTask`'s constructor. */
export interface SubclassDefinition {
  /** Problems the subclass found in its own options. */
  problems?: readonly string[];
  /** Its inline templates, by where they are declared, checked like `templates`. */
  templates?: Readonly<Record<string, Prompt>>;
}

type NodeMethod = (ctx: NodeContext) => Promise<NodeResult> | NodeResult;

/** Options of `run()`, `stream()` and `resume()`. */
export interface RunTaskOptions {
  /** Aborting ends the run `cancelled`, history kept. */
  signal?: AbortSignal;
  /** Called with every event, in order. */
  onEvent?: (event: TaskEvent) => void;
  /** Where a durable store, a tracer or a dispatcher plugs into the run (see `RunSeams`). */
  seams?: RunSeams;
  /**
   * Signs the pending response the call returns (see `signResponse`); `resume()` first checks
   * that the response it is given was signed with it, and throws `ResumeError` when it was
   * changed or not signed. Without a key, an `integrity` field is ignored. At least 32 bytes.
   */
  integrityKey?: IntegrityKey;
  /**
   * Makes the run durable: every node is stored as it completes, model answers and tool calls
   * in the run's journal, under a lease, so `resume(runId, { store })` continues the run after
   * a crash, a cancel or a pause (completed nodes never run again). Sub-task runs are stored
   * too. A store refusing a write ends the run `failed` (`RUN_CONFLICT`, `RUN_STORE_FAILED`).
   */
  store?: RunStore;
  /**
   * The id of a run started with a `store` (`run()`, `stream()`): one already stored is a
   * `RunConflictError`. @default a random UUID
   */
  runId?: string;
  /**
   * How long the run's lease lasts: renewed while the run is alive, so a process that died
   * holds its run this long before another may resume it. @default 30000
   */
  leaseTtlMs?: number;
  /**
   * The chat thread this run continues (`run()`, `stream()`; needs a `store`): the run is
   * stored with it (`listRuns({ threadId })`), and a PromptAgentTask sends the thread's earlier
   * turns before its task message (see `historyWindow`). A thread takes one run at a time: while
   * another of its runs is running or pending, starting one throws `RunConflictError`.
   */
  threadId?: string;
  /**
   * How many messages of a thread's earlier turns a PromptAgentTask sends: the newest turns
   * that fit, a tool call never apart from its result (see the agent's docs). Needs `threadId`
   * on a fresh run; on `resume()` it applies to a run that had not loaded its thread yet.
   * @default 50
   */
  historyWindow?: number;
}

/** Options of `resume(runId, …)`: the store the run is in, and the answer when it waits for one. */
export interface ResumeStoredOptions extends Omit<RunTaskOptions, "store" | "runId" | "threadId"> {
  store: RunStore;
  /** The answer to the question the run is paused at (a checkpoint, or an effect question). */
  answer?: UserResponse;
}

/**
 * A task: a small state machine whose nodes are `execute_<node>(ctx)` methods and whose
 * routing table maps each node's exit code to the next node. Subclass it, pass the definition
 * to `super()`, and run it with `run(inputs)`. `TInputs` types `run()`'s inputs, `TOutput` the
 * response's `structuredOutput` (see `structuredOutput()`).
 */
export abstract class AliceTask<
  TInputs extends InputsType = Record<string, unknown>,
  TOutput = unknown,
> implements RunnableTask
{
  readonly id: string;
  readonly taskName: string;
  readonly taskDescription: string;
  readonly recursive: boolean;
  readonly maxAttempts: number;
  readonly maxNodeExecutions: number;
  readonly nodeEndCodeRouting: TasksEndCodeRouting;
  readonly userCheckpoints: Readonly<Record<string, UserCheckpoint>>;
  /** The declared inputs as FunctionParameters (JSON Schema), whichever form was given. */
  readonly inputVariables: FunctionParameters;
  readonly exitCodes: Readonly<Record<number, string>>;
  /** Exit codes that end a run `complete` (see `AliceTaskOptions.successCodes`). */
  readonly successCodes: readonly number[];
  readonly requiredApis: readonly string[];
  readonly templates: Readonly<Record<string, Prompt>>;
  readonly tasks: Readonly<Record<string, AliceTask>>;
  readonly stateSchema: z.ZodType | undefined;
  readonly initialState: Readonly<Record<string, unknown>>;
  /** The checked, compiled routing table (read by the engine). */
  readonly definition: CompiledDefinition;
  /** The normalised input declaration (read by the engine). */
  readonly inputSpec: InputSpec;
  /** `execute_<node>` methods by node name, looked up once (building the key cost every node). */
  readonly #nodeMethods = new Map<string, NodeMethod>();

  /**
   * Checks the whole definition and throws one `TaskDefinitionError` listing every problem.
   * A subclass passes what it found wrong with its own options, and its own inline templates
   * (e.g. an agent's system message), so they are reported in the same error.
   */
  constructor(options: AliceTaskOptions, subclass: SubclassDefinition = {}) {
    this.id = options.id ?? randomUUID();
    this.taskName = options.taskName;
    this.taskDescription = options.taskDescription ?? "";
    this.recursive = options.recursive ?? true;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.maxNodeExecutions = options.maxNodeExecutions ?? 100;
    this.nodeEndCodeRouting = options.nodeEndCodeRouting;
    this.userCheckpoints = options.userCheckpoints ?? {};
    this.exitCodes = options.exitCodes ?? { 0: "Success", 1: "Failed" };
    this.successCodes = options.successCodes ?? [0];
    this.requiredApis = options.requiredApis ?? [];
    this.tasks = options.tasks ?? {};
    this.stateSchema = options.stateSchema;
    this.initialState = options.initialState ?? {};
    this.templates = Object.fromEntries(
      Object.entries(options.templates ?? {}).map(([name, t]) => [
        name,
        typeof t === "string" ? new Prompt({ name, content: t }) : t,
      ]),
    );
    this.inputSpec = compileInputs(options.inputVariables);
    this.inputVariables = this.inputSpec.parameters;
    const problems: string[] = [...this.inputSpec.problems];
    problems.push(
      ...checkTemplateNames({
        templates: [
          ...Object.entries(this.templates).map(([name, t]) => [`templates.${name}`, t] as const),
          ...Object.entries(subclass.templates ?? {}),
        ],
        inputs:
          options.inputVariables === undefined
            ? undefined
            : Object.keys(this.inputVariables.properties),
        outputs: [
          ...Object.keys(isRecord(options.nodeEndCodeRouting) ? options.nodeEndCodeRouting : {}),
          ...Object.keys(this.tasks),
        ],
      }),
    );
    if (typeof options.taskName !== "string" || options.taskName.trim() === "")
      problems.push("taskName must be a non-empty string.");
    if (
      !Array.isArray(this.successCodes) ||
      this.successCodes.length === 0 ||
      !this.successCodes.every((code) => Number.isInteger(code))
    )
      problems.push(
        `successCodes must be a non-empty list of integer exit codes; got ${JSON.stringify(this.successCodes)}.`,
      );
    if (this.stateSchema !== undefined) {
      const parsed = this.stateSchema.safeParse(this.initialState);
      if (!parsed.success)
        problems.push(
          `initialState does not match stateSchema: ${parsed.error.issues[0]?.message}.`,
        );
    }
    try {
      this.definition = compileDefinition({
        taskName: this.taskName,
        startNode: options.startNode,
        nodeEndCodeRouting: this.nodeEndCodeRouting,
        userCheckpoints: this.userCheckpoints,
        maxAttempts: this.maxAttempts,
        maxNodeExecutions: this.maxNodeExecutions,
        checkNode: (node) => this.checkNode(node),
      });
    } catch (error) {
      if (!(error instanceof TaskDefinitionError)) throw error;
      throw new TaskDefinitionError(this.taskName, [
        ...problems,
        ...error.problems,
        ...(subclass.problems ?? []),
      ]);
    }
    problems.push(...(subclass.problems ?? []));
    if (problems.length > 0) throw new TaskDefinitionError(this.taskName, problems);
  }

  /** The node the run starts at. */
  get startNode(): string {
    return this.definition.startNode;
  }

  /** Runs the task to its end (or to a checkpoint) and returns its response. Never throws for a failed run. */
  async run(
    inputs?: RunInputs<TInputs>,
    options: RunTaskOptions = {},
  ): Promise<TaskResponse<TOutput>> {
    const listening = options.onEvent !== undefined;
    return drain(
      this.#events({ kind: "fresh", inputs: inputs ?? {} }, options, listening),
      options.onEvent,
    ) as Promise<TaskResponse<TOutput>>;
  }

  /** Runs the task, yielding every event as it happens; the last one is `task-end` with the response. */
  stream(
    inputs?: RunInputs<TInputs>,
    options: Omit<RunTaskOptions, "onEvent"> = {},
  ): AsyncIterable<TaskEvent> {
    return this.#events({ kind: "fresh", inputs: inputs ?? {} }, options, true);
  }

  /**
   * Continues a stored run (see `RunTaskOptions.store`) from its last completed node: after a
   * crash or a cancel the node it was at runs again; a paused run continues with `answer`. A
   * run that finished (or waits, and no answer is given) returns its stored response and runs
   * nothing. Throws before anything runs: `RunConflictError` while another process holds the
   * run (two resumes never both run it) or when `answer` is for a question answered already,
   * `RUN_NOT_FOUND`, or `ResumeError` for an answer that is not one of the question's options.
   */
  resume(runId: string, options: ResumeStoredOptions): Promise<TaskResponse<TOutput>>;
  /**
   * Continues a paused run from a `"pending"` response (also after a JSON round trip, in
   * another process) with the user's answer. Throws `ResumeError` for a response that is
   * malformed, not pending, or not this task's. With a `store`, the run is resumed through it
   * (stored first when it is not), so it is resumed once: resuming the same response again is
   * a `RunConflictError`.
   */
  resume(
    response: unknown,
    answer: UserResponse,
    options?: RunTaskOptions,
  ): Promise<TaskResponse<TOutput>>;
  async resume(
    response: unknown,
    answer?: UserResponse | ResumeStoredOptions,
    options: RunTaskOptions = {},
  ): Promise<TaskResponse<TOutput>> {
    const [start, resolved] = this.#resumeStart(response, answer, options);
    const listening = resolved.onEvent !== undefined;
    return drain(this.#events(start, resolved, listening), resolved.onEvent) as Promise<
      TaskResponse<TOutput>
    >;
  }

  /** `resume()`, yielding every event as it happens. */
  resumeStream(
    runId: string,
    options: Omit<ResumeStoredOptions, "onEvent">,
  ): AsyncIterable<TaskEvent>;
  resumeStream(
    response: unknown,
    answer: UserResponse,
    options?: Omit<RunTaskOptions, "onEvent">,
  ): AsyncIterable<TaskEvent>;
  resumeStream(
    response: unknown,
    answer?: UserResponse | Omit<ResumeStoredOptions, "onEvent">,
    options: Omit<RunTaskOptions, "onEvent"> = {},
  ): AsyncIterable<TaskEvent> {
    const [start, resolved] = this.#resumeStart(response, answer, options);
    return this.#events(start, resolved, true);
  }

  /** The routing graph as plain data: nodes, exit-code edges, checkpoints, sub-tasks. */
  toGraph(): TaskGraph {
    return taskGraph(this);
  }

  /** The routing graph as a Mermaid flowchart (what `alice graph` prints). */
  toMermaid(): string {
    return graphToMermaid(taskGraph(this));
  }

  /** This task as a tool an agent can call: its name, description, input schema and a run. */
  asTool(): TaskTool {
    const { taskName, taskDescription, inputVariables } = this;
    return taskAsTool({
      taskName,
      taskDescription,
      inputVariables,
      // A tool's arguments are checked by the run, as any run's inputs are.
      run: (args, options) => this.run(args as RunInputs<TInputs>, options),
    });
  }

  /**
   * Runs one node. The default calls the method `execute_<nodeName>`; Workflow overrides it to
   * run a sub-task.
   */
  executeNode(nodeName: string, ctx: NodeContext): Promise<NodeResult> | NodeResult {
    let method = this.#nodeMethods.get(nodeName);
    if (method === undefined) {
      const found = (this as unknown as Record<string, unknown>)[`execute_${nodeName}`];
      if (typeof found !== "function")
        throw new AliceError(
          "NODE_FAILED",
          `Task "${this.taskName}" has no method execute_${nodeName}().`,
        );
      method = found as NodeMethod;
      this.#nodeMethods.set(nodeName, method);
    }
    return method.call(this, ctx as NodeContext);
  }

  /**
   * The `resultCode` of a run that ended by its routing: the exit code of the node that ended
   * it. The run is `complete` when that code is one of `successCodes`, else `failed`. Override
   * for another policy, e.g. `return seedResultCode(this, history)` for Project Alice's rule.
   */
  mapFinalExitCode(history: readonly NodeResponse[]): number {
    return history.at(-1)?.exitCode ?? 0;
  }

  /**
   * The run's structured result, for tasks that produce one (an agent with an outputSchema);
   * a Workflow passes it on instead of `taskOutputs`. Asked only of a run that ended by its
   * routing. Default: none.
   */
  structuredOutput(_history: readonly NodeResponse[]): TOutput | undefined {
    return undefined;
  }

  /** The sub-task a node runs, when known (Workflow: the task under the node's key). */
  subtaskForNode(_nodeName: string): AliceTask | undefined {
    return undefined;
  }

  /** The template that renders `taskOutputs`, if any. */
  get outputTemplate(): Prompt | undefined {
    return this.templates.output_template;
  }

  /** Called before a run's first node (and on resume): acquire resources here. */
  setup(_run: RunInfo): Promise<void> | void {}

  /** Called when a run ends, pauses, fails or is aborted: release resources here. */
  cleanup(_run: RunInfo, _response: TaskResponse | undefined): Promise<void> | void {}

  /** Returns a problem when `node` cannot be executed by this task (checked at construction). */
  protected checkNode(node: string): string | undefined {
    const method = (this as unknown as Record<string, unknown>)[`execute_${node}`];
    return typeof method === "function"
      ? undefined
      : `Node "${node}" has no implementation: add a method execute_${node}(ctx).`;
  }

  /** The run's events; with an `integrityKey`, its pending response comes out signed. */
  #events(start: RunStart, options: RunTaskOptions, listening: boolean) {
    checkThreadOptions(options, start.kind === "fresh");
    const events = runTask(this, start, runOptions(options, listening));
    const key = options.integrityKey;
    return key === undefined ? events : signPendingEvents(events, key);
  }

  /** How a resume starts, with its options: a stored run by id, or a paused response. */
  #resumeStart(
    response: unknown,
    second: UserResponse | ResumeStoredOptions | undefined,
    third: RunTaskOptions,
  ): [RunStart, RunTaskOptions] {
    // A string with options (not an answer) names a stored run; with an answer it is a response.
    if (typeof response === "string" && !(isRecord(second) && "selectedOption" in second)) {
      const { answer, ...options } = (second ?? {}) as Partial<ResumeStoredOptions>;
      if (options.store === undefined) {
        throw new AliceError(
          "OPTIONS_INVALID",
          `resume("${response}") continues a stored run: pass the store it is in, as resume("${response}", { store }).`,
        );
      }
      return [{ kind: "stored", runId: response, answer }, options];
    }
    const answer = second as UserResponse;
    // The signature first: nothing of a response that was changed is read.
    if (third.integrityKey !== undefined)
      checkIntegrity(response, third.integrityKey, this.taskName);
    // With a store, the stored run is the truth (the response names it); one not stored yet is
    // checked as below, then stored.
    if (third.store !== undefined && isRecord(response) && typeof response.runId === "string")
      return [{ kind: "stored", runId: response.runId, answer, given: response }, third];
    const checked = checkResumable(this, response, answer);
    return [{ kind: "resume", response: checked, answer }, third];
  }
}

/**
 * Drains a run's events into `onEvent`. An observer that throws does not break the run: its
 * first error is reported once as a process warning (`ALICE_ON_EVENT_FAILED`) and the events
 * keep coming. The generator is always closed, so cleanup() runs and no listener stays behind.
 */
async function drain(
  events: AsyncGenerator<TaskEvent, TaskResponse>,
  onEvent: ((event: TaskEvent) => void) | undefined,
): Promise<TaskResponse> {
  let observerFailed = false;
  let finished = false;
  try {
    let step = await events.next();
    while (step.done !== true) {
      if (onEvent !== undefined) {
        try {
          onEvent(step.value);
        } catch (error) {
          if (!observerFailed) reportObserverError(step.value, error);
          observerFailed = true;
        }
      }
      step = await events.next();
    }
    finished = true;
    return step.value;
  } finally {
    if (!finished) await events.return(undefined as never);
  }
}

/** The run loop's options from a call's: a store makes the run durable. */
function runOptions(options: RunTaskOptions, listening: boolean): RunOptions {
  const { signal, seams, store, runId, leaseTtlMs, threadId, historyWindow } = options;
  return {
    signal,
    seams,
    listening,
    runId,
    threadId,
    historyWindow,
    durability: store === undefined ? undefined : rootDurability(store, leaseTtlMs),
  };
}

function reportObserverError(event: TaskEvent, error: unknown): void {
  process.emitWarning(
    `The onEvent observer of task "${event.taskName}" threw on a "${event.type}" event (${describeThrown(error)}); the run goes on, and later errors of this observer are not reported.`,
    { code: "ALICE_ON_EVENT_FAILED" },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
