import { createInterface } from "node:readline/promises";
import type { UserInteraction, UserResponse } from "../engine/types.ts";
import { type CliIO, isTerminal } from "./cli-io.ts";

/** Options of `askCheckpoint`. */
export interface AskCheckpointOptions {
  io: CliIO;
  /** Aborting stops waiting for the answer (the promise rejects with the signal's reason). */
  signal: AbortSignal;
  /** Called on Ctrl-C while the question waits (the terminal sends it to the prompt, not the process). */
  onInterrupt: () => void;
}

/**
 * Asks a checkpoint's question on the terminal: lists the options, reads an option (its number
 * or its label) until a valid one is given, then the feedback when the checkpoint requests it.
 * Returns undefined when stdin ends before an answer.
 */
export async function askCheckpoint(
  interaction: UserInteraction,
  options: AskCheckpointOptions,
): Promise<UserResponse | undefined> {
  const { io, signal, onInterrupt } = options;
  const rl = createInterface({
    input: io.stdin,
    output: io.stderr,
    terminal: isTerminal(io.stdin),
  });
  rl.on("SIGINT", onInterrupt);
  // Lines are read through the iterator, which buffers them, so piped answers are never lost.
  const lines = rl[Symbol.asyncIterator]();
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(signal.reason);
    if (signal.aborted) fail();
    else signal.addEventListener("abort", fail, { once: true });
  });
  aborted.catch(() => {});
  const ask = async (prompt: string): Promise<string | undefined> => {
    io.stderr.write(prompt);
    const next = await Promise.race([lines.next(), aborted]);
    return next.done === true ? undefined : String(next.value).trim();
  };
  try {
    const entries = Object.entries(interaction.options).map(([key, label]) => ({
      option: Number(key),
      label,
    }));
    io.stderr.write(
      `\n? ${interaction.userPrompt}  (${interaction.taskName}.${interaction.nodeName})\n`,
    );
    for (const { option, label } of entries) io.stderr.write(`  ${option}) ${label}\n`);
    const numbers = entries.map((e) => e.option).join(", ");
    let selectedOption: number | undefined;
    while (selectedOption === undefined) {
      const answer = await ask(`Option [${numbers}]: `);
      if (answer === undefined) return undefined;
      selectedOption = entries.find(
        (e) => String(e.option) === answer || e.label.toLowerCase() === answer.toLowerCase(),
      )?.option;
      if (selectedOption === undefined) io.stderr.write(`  Please answer one of ${numbers}.\n`);
    }
    if (!interaction.requestFeedback) return { selectedOption };
    const feedback = await ask("Feedback (Enter for none): ");
    return feedback === undefined || feedback === ""
      ? { selectedOption }
      : { selectedOption, feedback };
  } finally {
    rl.close();
  }
}
