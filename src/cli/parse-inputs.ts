import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { FunctionParameters } from "../schema/function-parameters.ts";
import { CliError } from "./cli-error.ts";

/** Options of `parseInputs`. */
export interface ParseInputsOptions {
  /** The `--input key=value` flags, in order (a later one wins). */
  pairs: readonly string[];
  /** The `--inputs <file.json>` flag. */
  file?: string;
  /** The task's declared inputs: a string-typed input keeps its text as written. */
  declared: FunctionParameters;
  cwd: string;
  signal?: AbortSignal;
}

/**
 * The run's inputs from `--inputs` and `--input key=value` flags. A value is read as JSON when
 * it parses (`3`, `true`, `["a"]`), else kept as text; an input declared as a string always
 * keeps its text (so `--input code=007` or `--input price=1.50` arrive as written). The task
 * then converts values to their declared types.
 */
export async function parseInputs(options: ParseInputsOptions): Promise<Record<string, unknown>> {
  const { pairs, file, declared, cwd, signal } = options;
  const inputs: Record<string, unknown> =
    file === undefined ? {} : await readInputs(file, cwd, signal);
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const key = at === -1 ? pair : pair.slice(0, at);
    if (at <= 0 || key.trim() === "") {
      throw new CliError(
        "CLI_USAGE",
        `--input ${JSON.stringify(pair)} is not key=value (e.g. --input topic="tide pools")`,
        { command: "run" },
      );
    }
    const text = pair.slice(at + 1);
    inputs[key] = isStringInput(declared, key) ? text : readValue(text);
  }
  return inputs;
}

function isStringInput(declared: FunctionParameters, key: string): boolean {
  const type = Object.hasOwn(declared.properties, key) ? declared.properties[key]?.type : undefined;
  const types = Array.isArray(type) ? type.filter((t) => t !== "null") : [type];
  return types.length === 1 && types[0] === "string";
}

function readValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function readInputs(
  file: string,
  cwd: string,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), { encoding: "utf8", signal });
  } catch (error) {
    throw new CliError("CLI_FILE_INVALID", `--inputs ${file}: cannot read it (${reason(error)})`, {
      command: "run",
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError("CLI_FILE_INVALID", `--inputs ${file}: not JSON (${reason(error)})`, {
      command: "run",
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CliError(
      "CLI_FILE_INVALID",
      `--inputs ${file}: expected a JSON object of inputs, e.g. { "topic": "tide pools" }`,
      { command: "run" },
    );
  }
  return { ...(value as Record<string, unknown>) };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
