import { relative, resolve } from "node:path";
import type { LanguageModel } from "../providers/language-model.ts";
import type { LoadTaskOptions } from "../task-files/load-task.ts";
import { parseModelSpec, resolveModel } from "../task-files/resolve-model.ts";
import type { MockLLM } from "../testing/mock-llm.ts";
import { CliError } from "./cli-error.ts";
import { readMockScript } from "./mock-script.ts";

/** Where the scripted model listens: a host no real request goes to. */
const MOCK_HOST = "https://mock.alice.local";
/** Retries of scripted network errors take milliseconds, not seconds. */
const FAST_RETRY = { minDelayMs: 1, maxDelayMs: 20 };

/** A problem of the scripted model, reported as the run's failure. */
export interface MockProblem {
  code: string;
  message: string;
}

/** The running scripted model of `--mock`. */
export interface MockModel {
  /**
   * Points every agent at the scripted model: one model (the script's `model`, else the
   * `--model` one) for all, or each agent's own model name on the scripted provider.
   */
  readonly loadOptions: Pick<LoadTaskOptions, "model" | "resolveModel">;
  /** The one-line notice printed first on stderr. */
  readonly notice: string;
  /**
   * What went wrong with the script after a run with this status: a request it refused (beyond
   * the script, a mismatch), or, for a complete run, turns never requested.
   */
  problem(status: string): MockProblem | undefined;
  /** Stops intercepting requests. */
  close(): void;
}

/**
 * Starts `--mock`: reads the script, starts an in-process MSW server answering the provider's
 * real wire format at a mock host, and returns a model pointed at it. msw, the testing kit and
 * the provider SDK are imported only here, so other commands never load them.
 */
export async function startMockModel(
  path: string,
  options: { cwd: string; modelSpec?: string | undefined },
): Promise<MockModel> {
  const file = resolve(options.cwd, path);
  const shown = relative(options.cwd, file) || file;
  const script = await readMockScript(file, shown);
  const spec = options.modelSpec === undefined ? undefined : parseModelSpec(options.modelSpec);
  const specProvider =
    spec?.provider === "openai" || spec?.provider === "anthropic" ? spec.provider : undefined;
  const provider = script.provider ?? specProvider ?? "openai";
  const fixedModel = script.model ?? spec?.model;

  const [msw, testing] = await Promise.all([
    importOptional(() => import("msw/node"), "msw"),
    importOptional(() => import("../testing/index.ts"), "msw"),
  ]);
  let llm: MockLLM;
  let makeModel: (modelId: string) => LanguageModel;
  if (provider === "openai") {
    const { createOpenAI } = await importOptional(
      () => import("../providers/openai/index.ts"),
      "openai",
    );
    const baseURL = `${MOCK_HOST}/v1`;
    llm = testing.mockOpenAI(script.turns, { baseURL });
    makeModel = createOpenAI({ apiKey: "offline-mock", baseURL, retry: FAST_RETRY });
  } else {
    const { createAnthropic } = await importOptional(
      () => import("../providers/anthropic/index.ts"),
      "@anthropic-ai/sdk",
    );
    llm = testing.mockAnthropic(script.turns, { baseURL: MOCK_HOST });
    makeModel = createAnthropic({ apiKey: "offline-mock", baseURL: MOCK_HOST, retry: FAST_RETRY });
  }
  const server = msw.setupServer(...llm.handlers);
  // Only the model is scripted: a tool's own requests go to the network as usual. (msw 3 reads
  // onUnhandledFrame, msw 2 onUnhandledRequest.)
  const listenOptions = { onUnhandledFrame: "bypass", onUnhandledRequest: "bypass" } as const;
  server.listen(listenOptions);

  const turns = `${script.turns.length} turn${script.turns.length === 1 ? "" : "s"}`;
  return {
    loadOptions:
      fixedModel === undefined
        ? {
            resolveModel: (agentSpec) => {
              const parsed = parseModelSpec(agentSpec);
              // A malformed spec gets the loader's own message; any provider name is fine offline.
              return parsed === undefined ? resolveModel(agentSpec) : makeModel(parsed.model);
            },
          }
        : { model: makeModel(fixedModel) },
    notice: `alice: offline run: every model call is answered by the scripted ${provider} model in ${shown} (${turns}); nothing is sent to a provider.`,
    problem(status) {
      const [failure] = llm.failures;
      if (failure !== undefined) return { code: failure.code, message: failure.message };
      if (status !== "complete") return undefined;
      try {
        llm.assertComplete();
        return undefined;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        return {
          code: typeof code === "string" ? code : "MOCK_TURNS_UNUSED",
          message: error instanceof Error ? error.message : String(error),
        };
      }
    },
    close() {
      server.close();
    },
  };
}

async function importOptional<T>(load: () => Promise<T>, pkg: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(pkg)) {
      throw new CliError(
        "CLI_MOCK_INVALID",
        `--mock needs the "${pkg}" package: npm install --save-dev ${pkg}`,
      );
    }
    throw error;
  }
}
