const RENAMES: Readonly<Record<string, string>> = {
  task_type: "type",
  taskType: "type",
  _id: "id",
  task_name: "taskName",
  task_description: "taskDescription",
  start_node: "startNode",
  max_attempts: "maxAttempts",
  max_node_executions: "maxNodeExecutions",
  node_end_code_routing: "nodeEndCodeRouting",
  user_checkpoints: "userCheckpoints",
  input_variables: "inputVariables",
  exit_codes: "exitCodes",
  success_codes: "successCodes",
  exit_code_response_map: "exitCodeResponseMap",
  required_apis: "requiredApis",
  output_schema: "outputSchema",
  max_tool_concurrency: "maxToolConcurrency",
  tool_timeout_ms: "toolTimeoutMs",
  model_settings: "modelSettings",
  system_message: "systemMessage",
  has_tools: "hasTools",
  max_tool_rounds: "maxToolRounds",
  user_prompt: "userPrompt",
  options_obj: "options",
  task_next_obj: "taskNextObj",
  request_feedback: "requestFeedback",
  is_templated: "isTemplated",
  partial_variables: "partialVariables",
};

/** Keys whose values are user data (node names, variable names): their own keys stay as written. */
const DATA_KEYS = new Set([
  "nodeEndCodeRouting",
  "inputVariables",
  "exitCodes",
  "templates",
  "tasks",
  "outputSchema",
  "exitCodeResponseMap",
  "modelSettings",
  "options",
  "taskNextObj",
  "parameters",
  "partialVariables",
]);

/** Maps whose entries are definitions of ours (a checkpoint, a sub-task, a template object). */
const ENTRY_MAPS = new Set(["userCheckpoints", "tasks", "templates"]);

/**
 * Renames the snake_case keys of Project Alice's task definitions (`task_name`,
 * `node_end_code_routing`, …) to ours, so definitions written for Project Alice load unchanged.
 * User data (node names, variable names, template names) is left as written; the keys of each
 * checkpoint in `userCheckpoints`, each sub-task in `tasks` and each template object in
 * `templates` are renamed.
 */
export function renameSeedKeys(value: unknown, parent = ""): unknown {
  if (Array.isArray(value)) return value.map((item) => renameSeedKeys(item, parent));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    const name = RENAMES[key] ?? key;
    if (ENTRY_MAPS.has(parent)) {
      out[key] = renameSeedKeys(item);
    } else if (DATA_KEYS.has(name)) {
      out[name] = ENTRY_MAPS.has(name) ? renameSeedKeys(item, name) : item;
    } else {
      out[name] = renameSeedKeys(item, name);
    }
  }
  return out;
}

/** The snake_case names of `keys` (`task_name` for `taskName`), for "Did you mean" hints. */
export function seedNamesOf(keys: readonly string[]): string[] {
  return Object.keys(RENAMES).filter((seed) => keys.includes(RENAMES[seed]!));
}
