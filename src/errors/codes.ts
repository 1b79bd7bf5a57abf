/**
 * Every error code the framework uses, listed once. A code is stable API: programs branch on it,
 * the README documents it, and `TaskResponse.error.code` carries it through JSON.
 */
export const ERROR_CODES = {
  TASK_DEFINITION_INVALID: "The task's routing table, checkpoints or options are inconsistent.",
  OPTIONS_INVALID:
    "An option given to a constructor or factory (an agent, a provider, model settings) is invalid; thrown at construction, listing every problem.",
  TASK_FILE_INVALID:
    "A task or workflow file cannot be loaded: every problem is listed with its file and field.",
  INPUT_MISSING: "A required input variable was not given and has no default.",
  INPUT_INVALID: "An input variable could not be converted to its declared type.",
  ROUTE_NOT_FOUND:
    "A node returned an exit code that its routing row does not list; when the node failed, error.cause says why.",
  MAX_ATTEMPTS_EXCEEDED: "A retry route was refused because the node reached maxAttempts.",
  MAX_NODE_EXECUTIONS: "The run executed maxNodeExecutions nodes without ending.",
  TASK_SETUP_FAILED: "The task's setup() hook threw before the first node ran.",
  TASK_CLEANUP_FAILED: "The task's cleanup() hook threw after the run.",
  NODE_FAILED:
    "A node failed: it threw an error without a code, returned something that is not a node result, or ended the run with an exit code that is not a success code.",
  STATE_INVALID: "The run's state no longer matches the task's stateSchema.",
  TEMPLATE_RENDER_FAILED: "A template could not be rendered from the run's variables.",
  CHECKPOINT_CANCELLED: "The user chose a checkpoint option that ends the run.",
  ABORTED: "The run's AbortSignal fired.",
  RUN_HANDED_OFF:
    "A dispatcher stopped the run after a node so that it continues elsewhere (the nodeCompleted seam).",
  RUN_VETOED:
    "The run's nodeCompleted seam (e.g. a durable store) refused a completed node; the run stopped.",
  RESUME_INVALID:
    "A response given to resume() is malformed, does not belong to this task, has an impossible history, or does not match its integrity signature.",
  RUN_CONFLICT:
    "Another writer changed the stored run first (a stale version or fencing token), or holds its lease: nothing was written.",
  RUN_NOT_FOUND: "No stored run has this runId.",
  RUN_STORE_FAILED:
    "The run store failed (connection, migration, or a stored run of an unknown schemaVersion).",
  PROMPT_INVALID: "A prompt definition or template is invalid.",
  PROMPT_MISSING_VARIABLE: "A prompt was rendered without one of its required variables.",
  PROMPT_INVALID_VARIABLE: "A prompt variable has the wrong type or an unknown enum value.",
  PROMPT_UNKNOWN_VARIABLE: "A template refers to a variable its schema does not declare (a typo?).",
  PROMPT_FILE_INVALID:
    "A .prompt file cannot be read: bad YAML, bad template syntax, Jinja syntax.",
  PROMPT_PARTIAL_NOT_FOUND: "A template includes a partial that does not exist.",
  PROMPT_PARTIAL_CYCLE: "Partials include each other in a cycle.",
  TOOL_DEFINITION_INVALID: "A tool's name, description or input schema is invalid.",
  TOOL_NOT_FOUND: "The model asked for a tool that the agent does not have.",
  TOOL_ARGUMENTS_NOT_JSON: "The model's tool arguments are not a JSON object.",
  TOOL_INPUT_INVALID:
    "The model's tool arguments do not match the tool's schema, or nest more than 100 levels.",
  TOOL_EXECUTION_FAILED: "A tool threw while running.",
  TOOL_TIMEOUT: "A tool did not finish within its time limit.",
  TOOL_OUTPUT_INVALID: "A tool returned a value that cannot be sent to the model (e.g. circular).",
  MAX_TOOL_ROUNDS: "The agent asked for tools more rounds than maxToolRounds allows.",
  MODEL_EMPTY_RESPONSE: "The model answered with no text and no tool calls.",
  MODEL_OUTPUT_TRUNCATED: "The model's answer was cut off by its output-token limit.",
  MODEL_REFUSAL: "The model refused to answer, or its answer was withheld by a content filter.",
  OUTPUT_INVALID: "The final answer does not match the task's outputSchema, even after one repair.",
  CHECK_NO_DECISION:
    "A CheckTask's answer gave no usable decision: no decision word, two different ones, or a word mapped to 1 (ask again).",
  PROVIDER_MISSING_API_KEY:
    "No API key was given or found in the environment for a model provider.",
  PROVIDER_AUTHENTICATION: "The provider rejected the API key (401).",
  PROVIDER_PERMISSION: "The API key may not use this model or endpoint (403).",
  PROVIDER_NOT_FOUND: "The model or endpoint does not exist (404).",
  PROVIDER_BAD_REQUEST:
    "The request is invalid: the provider rejected it (400, 413, 422), or it was refused before sending (invalid tools, a message that cannot be sent).",
  PROVIDER_CONTEXT_LENGTH: "The conversation is longer than the model's context window.",
  PROVIDER_RATE_LIMIT: "The provider is rate-limiting these requests (429) and retries ran out.",
  PROVIDER_QUOTA_EXCEEDED:
    "The account's quota or billing limit is reached (402, insufficient_quota); retrying will not help.",
  PROVIDER_OVERLOADED: "The provider is overloaded (529, 503) and retries ran out.",
  PROVIDER_SERVER: "The provider failed with a server error (5xx) and retries ran out.",
  PROVIDER_CONNECTION:
    "The provider could not be reached, or the connection broke, and retries ran out; the message names the URL tried.",
  PROVIDER_TIMEOUT: "The provider did not answer in time.",
  PROVIDER_STREAM_ERROR: "A streamed answer failed or ended early after it had started.",
  PROVIDER_INVALID_RESPONSE:
    "The provider's answer could not be understood, or it stopped for a reason not reported as finished (an unknown finish reason).",
  MOCK_UNEXPECTED_REQUEST: "The mock model received a request beyond its script.",
  MOCK_TURN_MISMATCH:
    "A request did not satisfy its scripted turn (match, turn function) or differs from its cassette entry.",
  MOCK_TURNS_UNUSED: "A scripted turn of the mock model was never requested.",
  MOCK_CASSETTE_INVALID:
    "A cassette file is missing, malformed, for another provider, or given together with scripted turns.",
} as const;

/** A stable string identifying what went wrong. */
export type ErrorCode = keyof typeof ERROR_CODES;
