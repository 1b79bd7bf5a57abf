/**
 * Every error code the framework uses, listed once. A code is stable API: programs branch on it,
 * the README documents it, and `TaskResponse.error.code` carries it through JSON.
 */
export const ERROR_CODES = {
  TASK_DEFINITION_INVALID: "The task's routing table, checkpoints or options are inconsistent.",
  INPUT_MISSING: "A required input variable was not given and has no default.",
  INPUT_INVALID: "An input variable could not be converted to its declared type.",
  ROUTE_NOT_FOUND: "A node returned an exit code that its routing row does not list.",
  MAX_ATTEMPTS_EXCEEDED: "A retry route was refused because the node reached maxAttempts.",
  MAX_NODE_EXECUTIONS: "The run executed maxNodeExecutions nodes without ending.",
  TASK_SETUP_FAILED: "The task's setup() hook threw before the first node ran.",
  TASK_CLEANUP_FAILED: "The task's cleanup() hook threw after the run.",
  NODE_FAILED: "A node threw or returned something that is not a node result.",
  STATE_INVALID: "The run's state no longer matches the task's stateSchema.",
  TEMPLATE_RENDER_FAILED: "A template could not be rendered from the run's variables.",
  CHECKPOINT_CANCELLED: "The user chose a checkpoint option that ends the run.",
  ABORTED: "The run's AbortSignal fired.",
  RESUME_INVALID: "A response given to resume() is malformed or does not belong to this task.",
  PROMPT_INVALID: "A prompt definition or template is invalid.",
  PROMPT_MISSING_VARIABLE: "A prompt was rendered without one of its required variables.",
  PROMPT_INVALID_VARIABLE: "A prompt variable has the wrong type or an unknown enum value.",
  PROMPT_UNKNOWN_VARIABLE: "A template refers to a variable its schema does not declare (a typo?).",
  PROMPT_FILE_INVALID:
    "A .prompt file cannot be read: bad YAML, bad template syntax, Jinja syntax.",
  PROMPT_PARTIAL_NOT_FOUND: "A template includes a partial that does not exist.",
  PROMPT_PARTIAL_CYCLE: "Partials include each other in a cycle.",
  MOCK_UNEXPECTED_REQUEST: "The mock model received a request beyond its script.",
  MOCK_TURN_MISMATCH: "A request did not satisfy the `match` predicate of its scripted turn.",
  MOCK_TURNS_UNUSED: "A scripted turn of the mock model was never requested.",
  MOCK_CASSETTE_INVALID: "A recorded cassette file is missing or malformed.",
} as const;

/** A stable string identifying what went wrong. */
export type ErrorCode = keyof typeof ERROR_CODES;
