/**
 * The benchmark scenario every client runs: an agent with one tool `add(a, b)` is asked
 * "What is 2+3?"; the mock answers turn 1 with a tool call and turn 2 with the final text. The
 * long scenario (`--scenario long`) is the same agent with the mock asking for `add` 20 times
 * before it answers, so a cost that grows with the conversation shows per round.
 */
export const QUESTION = "What is 2+3?";

/** The final text the mock sends once it has seen the tool result 5; clients check it on every run. */
export const FINAL_TEXT = "2 + 3 = 5.";

/** The final answer streamed in these pieces (Chat Completions and Responses). */
export const FINAL_PIECES: readonly string[] = ["2", " +", " 3", " =", " 5."];

/** The tool call the mock asks for, and its arguments streamed in these pieces. */
export const TOOL_NAME = "add";
export const TOOL_DESCRIPTION = "Adds two numbers.";
export const TOOL_ARGUMENT_PIECES: readonly string[] = ['{"a":2,', '"b":3}'];
export const TOOL_ARGUMENTS = TOOL_ARGUMENT_PIECES.join("");

/** The model every client asks for: one tool round. */
export const MODEL = "gpt-4o-mini";

/** Tool rounds per run in the long scenario. */
export const LONG_TOOL_ROUNDS = 20;

/** The model a client asks for so that the mock asks for the tool `toolRounds` times. */
export function modelFor(toolRounds = 1): string {
  return toolRounds === 1 ? MODEL : modelWithRounds(toolRounds);
}

/** A model name asking the mock for `rounds` tool rounds before the final text. */
export function modelWithRounds(rounds: number): string {
  return `bench-rounds-${rounds}`;
}

/** Tool rounds a model name asks for (1 unless it is `bench-rounds-<n>`). */
export function roundsOf(model: unknown): number {
  const match = typeof model === "string" ? /^bench-rounds-(\d{1,3})$/.exec(model) : null;
  return match === null ? 1 : Number(match[1]);
}

/** Throws unless a client's final text is the expected one. */
export function checkFinalText(client: string, text: unknown): void {
  if (text !== FINAL_TEXT) {
    throw new Error(
      `${client}: wrong final text ${JSON.stringify(text)}, expected ${JSON.stringify(FINAL_TEXT)}`,
    );
  }
}

/** The system instructions every client sends (alice-agents' default system message). */
export const INSTRUCTIONS = "You are a helpful assistant.";

/** Model turns a client may take before giving up: the scenario needs `toolRounds + 1`. */
export function maxTurns(toolRounds = 1): number {
  return toolRounds + 3;
}
