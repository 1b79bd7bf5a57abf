const RENAMES: Readonly<Record<string, string>> = {
  task_type: "type",
  task_name: "taskName",
  task_description: "taskDescription",
  start_node: "startNode",
  max_attempts: "maxAttempts",
  max_node_executions: "maxNodeExecutions",
  node_end_code_routing: "nodeEndCodeRouting",
  user_checkpoints: "userCheckpoints",
  input_variables: "inputVariables",
  exit_codes: "exitCodes",
  exit_code_response_map: "exitCodeResponseMap",
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
]);

/**
 * Renames the seed's snake_case keys (`task_name`, `node_end_code_routing`, …) to ours, so task
 * definitions written for the original system load unchanged. User data (node names, variable
 * names, template names) is left as written; a checkpoint's keys are renamed inside
 * `userCheckpoints`, and each sub-task inside `tasks`.
 */
export function renameSeedKeys(value: unknown, parent = ""): unknown {
  if (Array.isArray(value)) return value.map((item) => renameSeedKeys(item, parent));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    const name = RENAMES[key] ?? key;
    if (parent === "userCheckpoints" || parent === "tasks") {
      out[key] = renameSeedKeys(item);
    } else if (DATA_KEYS.has(name)) {
      out[name] =
        name === "userCheckpoints" || name === "tasks" ? renameSeedKeys(item, name) : item;
    } else {
      out[name] = renameSeedKeys(item, name);
    }
  }
  if (parent === "" && out.type === undefined && typeof out.taskType === "string")
    out.type = out.taskType;
  return out;
}
