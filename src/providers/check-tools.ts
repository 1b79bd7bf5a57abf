import type { ToolSpec } from "./language-model.ts";
import { ProviderError } from "./provider-error.ts";

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
// An agent sends the same tool list on every call: check each list once.
const checked = new WeakSet<readonly ToolSpec[]>();

/**
 * Rejects tools no provider accepts before anything is sent: names must match
 * `^[a-zA-Z0-9_-]{1,64}$` and be unique, parameters must be a JSON Schema object.
 */
export function checkTools(
  tools: readonly ToolSpec[] | undefined,
  who: { provider: string; model: string },
): void {
  if (tools === undefined || checked.has(tools)) return;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const tool of tools) {
    if (!TOOL_NAME.test(tool.name)) {
      problems.push(
        `tool name ${JSON.stringify(tool.name)} must be 1–64 letters, digits, "_" or "-"`,
      );
    } else if (seen.has(tool.name)) {
      problems.push(`tool name "${tool.name}" is used twice`);
    }
    seen.add(tool.name);
    if (tool.parameters?.type !== "object") {
      problems.push(`tool "${tool.name}" parameters must be a JSON Schema with type "object"`);
    }
  }
  if (problems.length === 0) {
    checked.add(tools);
    return;
  }
  throw new ProviderError(
    "PROVIDER_BAD_REQUEST",
    `${who.provider} model "${who.model}": invalid tools, nothing was sent: ${problems.join("; ")}. Rename or fix the tools.`,
    { ...who, isRetryable: false, attempts: 0 },
  );
}
