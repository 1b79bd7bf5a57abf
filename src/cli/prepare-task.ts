import { resolve } from "node:path";
import type { AliceTask } from "../engine/alice-task.ts";
import type { LanguageModel } from "../providers/language-model.ts";
import { loadTask } from "../task-files/load-task.ts";
import { resolveModel } from "../task-files/resolve-model.ts";
import type { Tool } from "../tools/define-tool.ts";
import { CliError } from "./cli-error.ts";
import type { CliIO } from "./cli-io.ts";
import { loadToolsModule } from "./load-tools-module.ts";
import type { ResumeInfo } from "./report-response.ts";
import { type MockModel, startMockModel } from "./start-mock-model.ts";

/** The flags that say how to load a task for running. */
export interface TaskSource {
  /** From the command line, as `tools`: never a path read from a data file. */
  taskFile: string;
  /** The `--tools` module: imported, so it runs code. */
  tools?: string | undefined;
  /** `--model`, else `ALICE_MODEL` (the caller decides the order). */
  model?: string | undefined;
  /** Where `model` came from, for messages. @default "--model" */
  modelFrom?: string | undefined;
  mock?: string | undefined;
}

/** A task loaded for running, with the scripted model when `--mock` was given. */
export interface PreparedTask {
  task: AliceTask;
  /** Close it when the run is over. */
  mock: MockModel | undefined;
  /** What a pending response records so `alice resume` loads the same. */
  resumeInfo: ResumeInfo;
}

/**
 * Loads a task file for `run` and `resume`: the `--mock` scripted model first (its notice is
 * the first line on stderr), then the `--tools` module and the `--model`, then the file.
 * Throws `CliError` or the loader's `TaskFileError`; the mock is closed when loading fails.
 */
export async function prepareTask(source: TaskSource, io: CliIO): Promise<PreparedTask> {
  const taskFile = resolve(io.cwd, source.taskFile);
  const mock =
    source.mock === undefined
      ? undefined
      : await startMockModel(source.mock, { cwd: io.cwd, modelSpec: source.model });
  try {
    if (mock !== undefined) io.stderr.write(`${mock.notice}\n`);
    const tools: Tool<unknown>[] | undefined =
      source.tools === undefined ? undefined : await loadToolsModule(source.tools, io.cwd);
    const model =
      mock !== undefined || source.model === undefined
        ? undefined
        : await modelFor(source.model, source.modelFrom ?? "--model");
    const task = await loadTask(taskFile, {
      ...(tools === undefined ? {} : { tools }),
      ...(model === undefined ? {} : { model }),
      ...mock?.loadOptions,
    });
    return {
      task,
      mock,
      resumeInfo: {
        taskFile,
        ...(source.tools === undefined ? {} : { tools: resolve(io.cwd, source.tools) }),
        ...(source.model === undefined ? {} : { model: source.model }),
      },
    };
  } catch (error) {
    mock?.close();
    throw error;
  }
}

async function modelFor(spec: string, from: string): Promise<LanguageModel> {
  try {
    return await resolveModel(spec);
  } catch (error) {
    throw new CliError(
      "CLI_MODEL_INVALID",
      `${from}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
