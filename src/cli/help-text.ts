/** The commands `alice` knows, in the order the help lists them. */
export const COMMAND_NAMES = ["run", "resume", "runs", "graph", "validate", "types"] as const;

/** A command name. */
export type CommandName = (typeof COMMAND_NAMES)[number];

const EXIT_CODES = `Exit codes:
  0    the task completed (graph, validate: the file is valid)
  1    the task failed; stderr has "CODE: message" (a --mock script not followed also fails)
  2    usage error, invalid task file, invalid inputs, invalid resume file, unknown run id
       (nothing ran)
  3    paused at a checkpoint with no terminal: stdout holds the pending response (JSON)
  4    a checkpoint answer ended the run (e.g. "reject")
  130  cancelled with Ctrl-C`;

const LOAD_OPTIONS = `      --tools <module>     a JS/TS module whose exports are defineTool() tools, or whose
                           default export is a record or list of them
      --model <spec>       one model for every agent, e.g. openai:gpt-4o-mini or
                           anthropic:claude-haiku-4-5 (default: $ALICE_MODEL, else the files')
      --mock <script.json> offline: every model call is answered by a scripted model,
                           { "provider"?: "openai"|"anthropic", "model"?, "turns": [...] }`;

const OUTPUT_OPTIONS = `      --json               print the whole TaskResponse as JSON on stdout
      --stream             print the model's text on stdout as it arrives (the default when
                           stdout is a terminal; with --json it goes to stderr)
      --no-stream          do not print the model's text as it arrives
      --verbose            progress on stderr even when it is not a terminal`;

const MAIN = `alice — run, resume, draw and check alice-agents task files

Usage:
  alice run <task-file> [--input key=value ...] [--store [<path|url>]] [options]
  alice resume <response.json|run-id> [--option N] --task <task-file> [options]
  alice runs [list|show <run-id>|resume <run-id>|prune] [options]
  alice graph <task-file> [--format mermaid|json]
  alice validate <task-file|prompts-dir> [--tools <module>]
  alice types <prompts-dir> [--out <file>] [--check]

Commands:
  run       run a task or workflow file and print its output
  resume    continue a paused run from its saved JSON, or a stored run by its id
  runs      list, show, resume and prune the runs in a run store
  graph     print the routing graph (Mermaid flowchart or JSON)
  validate  check a task file or a folder of .prompt files, printing every problem
  types     write TypeScript types for a folder of .prompt files

Options:
  -h, --help     help (alice <command> --help for a command's options)
  -v, --version  the version of alice-agents

${EXIT_CODES}

Environment:
  ALICE_MODEL                      provider:model for every agent (like --model)
  ALICE_STORE                      the run store (like --store): a SQLite file or postgres://…
  ALICE_STORE_SCHEMA               the PostgreSQL schema of the store's tables (default alice)
  OPENAI_API_KEY, OPENAI_BASE_URL  the openai: models (any OpenAI-compatible server)
  ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL  the anthropic: models
`;

const INTEGRITY_OPTION = `      --integrity-key-env <NAME>
                           the environment variable holding a key (at least 32 bytes): a
                           pending response is signed with it (HMAC-SHA256, "integrity")`;

/** `--store`, with what it defaults to (and, for `alice run`, that a new file is created). */
function storeOption(defaults: string): string {
  return `      --store <path|postgres://…>
                           the run store: a SQLite file or a postgres:// URL (needs npm
                           install pg; prefer $ALICE_STORE for a URL with a password)
${defaults}`;
}

const RUN = `Usage: alice run <task-file> [options]

Runs a task or workflow file (YAML or JSON) and prints its output on stdout. On a terminal,
progress (nodes, tool calls, retries) goes to stderr and checkpoints are asked there; without
one, a checkpoint prints the pending response as JSON and exits 3 (see alice resume).

With a run store (--store, or $ALICE_STORE) every completed node is stored, so the run can be
continued after a crash, a Ctrl-C or a pause with alice resume <run-id>. Without one the run
lives in memory only.

Options:
  -i, --input key=value    an input (repeatable); the value is read as JSON when it parses
                           (3, true, ["a","b"]), else as text; inputs declared as strings keep
                           the text as written
      --inputs <file.json> inputs from a JSON object (--input wins over it)
${storeOption(`                           default: $ALICE_STORE, else none (in memory). A bare --store
                           is .alice/runs.db; a missing file is created`)}
      --run-id <id>        the stored run's id (default: a random UUID); needs a store
${INTEGRITY_OPTION}
${OUTPUT_OPTIONS}
${LOAD_OPTIONS}
  -h, --help               this help

Examples:
  alice run research.yaml --input topic="tide pools" --tools ./tools.ts
  alice run research.yaml --inputs inputs.json --json > response.json
  alice run research.yaml --input topic=x --mock script.json
  alice run research.yaml --input topic=x --store --run-id topic-x   # .alice/runs.db

${EXIT_CODES}
`;

const RESUME = `Usage: alice resume <response.json|run-id> [--option N] --task <task-file> [options]

Continues a paused run from the pending response "alice run" printed (use - to read it from
stdin), or a stored run by its id (see alice runs). The argument is a response file when it is
-, an existing file, or has a / or ends in .json; otherwise it is a run id, looked up in the
store (--store, else $ALICE_STORE, else .alice/runs.db). A stored run continues after a crash
or a Ctrl-C at the node it was at (completed nodes never run again), or with --option N when it
waits on a question; a finished one prints its stored result and runs nothing.

The task file and the tools module come from this command line only: the ones a response's
"alice" field names are shown, never loaded (a response file is data, and importing a module
runs its code). A response is checked before anything runs: a history the task could not have
produced is refused, and with --integrity-key-env any change at all. The model defaults to the
response's alice.model.

Options:
      --option N           the option chosen (its number, as the question listed them);
                           required for a response file
      --feedback <text>    free-text feedback for the checkpoint
      --task <task-file>   the task file (required)
${storeOption(`                           default: $ALICE_STORE, else (for a run id) .alice/runs.db; a
                           response file is resumed through a store (once) only when one
                           is named`)}
      --integrity-key-env <NAME>
                           check the response's signature with the key in $NAME (refused if
                           changed or unsigned), and sign the response if it pauses again
${OUTPUT_OPTIONS}
${LOAD_OPTIONS}
                           (--tools is required when the run used tools)
  -h, --help               this help

Examples:
  alice run publish.yaml --input topic=x --integrity-key-env ALICE_KEY > paused.json  # exits 3
  alice resume paused.json --option 0 --feedback "ship it" --task publish.yaml \\
    --integrity-key-env ALICE_KEY
  alice run publish.yaml --input topic=x --store --run-id pub-1 > /dev/null           # exits 3
  alice resume pub-1 --option 0 --task publish.yaml

${EXIT_CODES}
`;

const RUNS = `Usage: alice runs [list|show <run-id>|resume <run-id>|prune] [options]

The runs in a run store: --store <path|postgres://…>, else $ALICE_STORE, else .alice/runs.db
(alice run --store stores them). alice runs alone is alice runs list.

  list [--task <name>] [--status <s>] [--limit <n>] [--all] [--json]
      the most recently updated runs, as a table: run id, task, status, completed nodes,
      when last updated. --status: running, pending, complete, failed, cancelled (repeat it,
      or separate with commas); --limit: how many (default 20); --all: a workflow's sub-task
      runs too (stored as runs of their own)
  show <run-id> [--json]
      the run's status, its history in order (each node with its exit code, pauses, resumes,
      the end), the question it waits on, its error, and the command that continues it
  resume <run-id> [--option N] [--feedback <text>] --task <task-file> [options]
      the same as alice resume <run-id> (see alice resume --help)
  prune [--older-than <age>] [--keep-last <n>] [--include-unfinished] [--json]
      deletes finished runs (complete, failed, cancelled) with their history: those not
      updated for <age> (90s, 30m, 12h, 7d, 2w, or an ISO 8601 time), always keeping the
      <n> most recently updated; at least one of the two is required. Sub-task runs count
      as runs. --include-unfinished prunes running and pending runs too. Prints how many.

Options:
${storeOption("                           default: $ALICE_STORE, else .alice/runs.db")}
      --json               print JSON on stdout instead of text
  -h, --help               this help

Examples:
  alice runs                                   # the 20 most recent runs in .alice/runs.db
  alice runs list --status pending --json
  alice runs show 3f6c2a9e-…
  alice runs prune --older-than 7d --keep-last 100
  ALICE_STORE=postgres://alice@db.internal:5432/app alice runs list

Exit codes: 0 done; 2 usage error, no store at the path, or no run with this id (RUN_NOT_FOUND);
1 the store failed (RUN_STORE_FAILED: unreachable, locked, a newer layout). alice runs resume
exits as alice resume does.
`;

const GRAPH = `Usage: alice graph <task-file> [--format mermaid|json]

Prints the routing graph of a task file: nodes, exit-code routes, retry routes (dotted),
checkpoints and their options, and each workflow node's sub-task. Nothing is run and no model
or tool is loaded (tools need not be given).

Options:
      --format <format>    mermaid (default): a Mermaid flowchart; json: AliceTask.toGraph()
      --tools <module>     load these tools instead of placeholders
  -h, --help               this help

Exit codes: 0 printed; 2 usage error or invalid task file.
`;

const VALIDATE = `Usage: alice validate <task-file|prompts-dir> [--tools <module>]

Loads and checks a task file and the files it names (sub-tasks, .prompt files): schema,
routing table, checkpoints, templates, model specs. Prints a summary, or every problem as
"file: field: message", one per line. Tool names are checked only when --tools is given.

Given a folder, loads every .prompt file in it (as loadPromptDir does) and lists the prompts,
or every file that does not load as "file:line:column: message", one per line.

Warnings of the prompts go to stderr and do not change the exit code.

Options:
      --tools <module>     check the tools the files name against this module (task files)
  -h, --help               this help

Exit codes: 0 valid; 2 usage error, invalid task file, or a .prompt file that does not load.
`;

const TYPES = `Usage: alice types <prompts-dir> [--out <file>] [--check]

Writes TypeScript declarations for a folder of .prompt files (the prompts loadPromptDir loads):
each prompt's input type (from input.schema, or the variables its template uses) and output
type (from output.schema; string for a text answer), and PromptTypes, which types the loaded
registry:  const prompts = typedPrompts<PromptTypes>(await loadPromptDir("prompts"))
Then prompts.get("support-agent").render({ qestion }) is a compile error.

Options:
      --out <file>         where to write (default: <prompts-dir>/prompts.d.ts; - for stdout)
      --check              write nothing; exit 1 when the file is missing or out of date
  -h, --help               this help

Exit codes: 0 written (or up to date); 1 --check found the file missing or out of date;
2 usage error, or a prompt that does not load (every problem is listed; nothing is written).
`;

/** The help text of `alice` (no command) or of one command. */
export function helpText(command?: CommandName): string {
  switch (command) {
    case undefined:
      return MAIN;
    case "run":
      return RUN;
    case "resume":
      return RESUME;
    case "runs":
      return RUNS;
    case "graph":
      return GRAPH;
    case "validate":
      return VALIDATE;
    case "types":
      return TYPES;
    default: {
      const never: never = command;
      return String(never);
    }
  }
}
