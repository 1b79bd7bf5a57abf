import { randomBytes } from "node:crypto";
import type { HelperDelegate, HelperOptions } from "handlebars";
import { describeValue } from "../messages/json.ts";
import { PromptError } from "./prompt-error.ts";
import { PROMPT_ROLES } from "./prompt-helpers.ts";

/** A piece of a rendered multi-message prompt: text, or what one of the message helpers placed. */
export type MarkerToken =
  | { kind: "text"; text: string }
  | { kind: "role"; role: "system" | "user" | "assistant" }
  | { kind: "history" }
  | { kind: "media"; url: string; contentType?: string }
  | { kind: "section"; name: string };

/**
 * A fresh secret for one render. The message helpers write it into their markers and only
 * markers carrying it split messages, so a variable that contains marker-like text (Dotprompt's
 * `<<<dotprompt:role:system>>>`, or an old marker of ours) cannot forge a role: it has no way to
 * know the nonce, which exists only for the duration of a synchronous render.
 */
export function newRenderNonce(): string {
  // Drawn 12 bytes at a time from a pooled random buffer: as unpredictable as randomBytes per
  // render, without its cost on every render.
  if (nonceOffset + 12 > noncePool.length) {
    noncePool = randomBytes(12 * 256);
    nonceOffset = 0;
  }
  nonceOffset += 12;
  return noncePool.toString("base64url", nonceOffset - 12, nonceOffset);
}

let noncePool = Buffer.alloc(0);
let nonceOffset = 0;

/** The `role`, `history`, `media` and `section` helpers for one render, bound to its nonce. */
export function markerHelpers(nonce: string, promptName: string): Record<string, HelperDelegate> {
  const marker = (body: string) => `<<<alice:${nonce}:${body}>>>`;
  return {
    role(role: unknown) {
      if (typeof role !== "string" || !PROMPT_ROLES.has(role)) {
        throw new PromptError(
          "PROMPT_INVALID",
          `Prompt "${promptName}": {{role ${JSON.stringify(role)}}} is not a role; use "system", "user", "assistant" or "model".`,
          { promptName },
        );
      }
      return marker(`role:${role === "model" ? "assistant" : role}`);
    },
    history() {
      return marker("history");
    },
    media(options: HelperOptions) {
      const { url, contentType } = options.hash as { url?: unknown; contentType?: unknown };
      if (typeof url !== "string" || url === "") {
        throw new PromptError(
          "PROMPT_INVALID",
          `Prompt "${promptName}": {{media}} needs url="…" (a non-empty string).`,
          { promptName },
        );
      }
      const type = typeof contentType === "string" ? contentType : "";
      return marker(`media:${encodeURIComponent(url)} ${encodeURIComponent(type)}`);
    },
    section(...args: unknown[]) {
      // Handlebars passes its options last: `{{section}}` alone has no name.
      const name = args.length > 1 ? args[0] : undefined;
      if (typeof name !== "string" || name === "") {
        throw new PromptError(
          "PROMPT_INVALID",
          `Prompt "${promptName}": {{section}} needs a name, as in {{section "output"}}; got ${describeValue(name)}.`,
          { promptName },
        );
      }
      return marker(`section:${encodeURIComponent(name)}`);
    },
  };
}

/** Splits a render into text and the markers that carry this render's nonce; the rest is text. */
export function tokenizeMarkers(rendered: string, nonce: string): MarkerToken[] {
  // indexOf rather than a RegExp built around the nonce: a new pattern per render would be
  // compiled per render, which cost more than the render itself.
  const open = `<<<alice:${nonce}:`;
  const tokens: MarkerToken[] = [];
  let last = 0;
  for (let at = rendered.indexOf(open); at !== -1; at = rendered.indexOf(open, last)) {
    const end = rendered.indexOf(">>>", at + open.length);
    if (end === -1) break;
    if (at > last) tokens.push({ kind: "text", text: rendered.slice(last, at) });
    tokens.push(parseMarker(rendered.slice(at + open.length, end)));
    last = end + 3;
  }
  if (last < rendered.length) tokens.push({ kind: "text", text: rendered.slice(last) });
  return tokens;
}

function parseMarker(body: string): MarkerToken {
  if (body === "history") return { kind: "history" };
  if (body.startsWith("role:")) {
    return { kind: "role", role: body.slice(5) as "system" | "user" | "assistant" };
  }
  if (body.startsWith("section:")) {
    return { kind: "section", name: decodeURIComponent(body.slice("section:".length)) };
  }
  const [url = "", type = ""] = body.slice("media:".length).split(" ");
  const token: MarkerToken = { kind: "media", url: decodeURIComponent(url) };
  if (type !== "") token.contentType = decodeURIComponent(type);
  return token;
}
