import type { ToolCall } from "../messages/message.ts";

/**
 * Gives every tool call a non-empty id no other call of the answer has (some compatible servers
 * send empty or repeated ids), so each tool result can be tied to exactly one call.
 */
export function uniqueToolCallIds(calls: readonly ToolCall[], prefix: string): ToolCall[] {
  const used = new Set<string>();
  return calls.map((call, index) => {
    let id = call.id;
    if (id === "" || used.has(id)) {
      const base = id === "" ? `${prefix}${index}` : `${id}_${index}`;
      id = base;
      for (let n = 1; used.has(id); n++) id = `${base}_${n}`;
    }
    used.add(id);
    return id === call.id ? call : { ...call, id };
  });
}
