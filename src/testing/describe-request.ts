import type { MockRequest } from "./mock-request.ts";

const MAX_BODY_CHARS = 2_000;

/** Truncates `text` to `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more chars)`;
}

/** A multi-line, human-readable account of a request for failure messages. */
export function describeRequest(request: MockRequest): string {
  const lines = [
    `  request #${request.index + 1}: ${request.method} ${request.url}${request.stream ? " (stream)" : ""}`,
    `  model: ${request.model ?? "(none)"}`,
    `  last user message: ${JSON.stringify(truncate(request.lastUserText, 300))}`,
  ];
  if (request.toolNames.length > 0) lines.push(`  tools offered: ${request.toolNames.join(", ")}`);
  if (request.toolResults.length > 0) {
    const results = request.toolResults.map(
      (r) => `${r.toolCallId}=${JSON.stringify(truncate(r.content, 80))}`,
    );
    lines.push(`  tool results: ${results.join(", ")}`);
  }
  lines.push(`  body: ${truncate(JSON.stringify(request.body), MAX_BODY_CHARS)}`);
  return lines.join("\n");
}
