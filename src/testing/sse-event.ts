import type { SseEvent } from "./wire-format.ts";

/** Writes one server-sent event, blank line included. */
export function encodeSse(event: SseEvent): string {
  const data = event.data
    .split("\n")
    .map((line) => `data: ${line}`)
    .join("\n");
  return `${event.event === undefined ? "" : `event: ${event.event}\n`}${data}\n\n`;
}

/** Parses an SSE body into events (comments, `id:` and `retry:` lines are dropped). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n|\r\r/)) {
    let name: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n|\r/)) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") name = value;
      if (field === "data") data.push(value);
    }
    if (data.length === 0 && name === undefined) continue;
    events.push(
      name === undefined ? { data: data.join("\n") } : { event: name, data: data.join("\n") },
    );
  }
  return events;
}
