import { createHmac, timingSafeEqual } from "node:crypto";
import { OptionsError, ResumeError } from "../errors/errors.ts";
import type { TaskEvent } from "./events.ts";
import type { TaskResponse } from "./types.ts";

// A pending response travels as JSON, through files, queues and browsers, and comes back to
// resume(): whoever can edit it on the way can change what runs next (an approved tool call's
// arguments, a node's output). An HMAC with a key only the application holds lets resume()
// refuse any change before it reads a single field.

/** A key for `signResponse` and the `integrityKey` option: at least 32 bytes (text as UTF-8). */
export type IntegrityKey = string | Uint8Array;

/** A response with its `integrity` field: what `signResponse` returns. */
export type SignedResponse<T extends TaskResponse<unknown> = TaskResponse> = T & {
  /** HMAC-SHA256 of the response without this field, base64url. */
  integrity: string;
};

const MIN_KEY_BYTES = 32;

/**
 * Signs a response: a copy with an `integrity` field, the HMAC-SHA256 (base64url) of the
 * canonical JSON of the whole response without that field, nested sub-task responses included.
 * `resume(response, answer, { integrityKey })` checks it before it uses anything. A field added
 * after signing (as `alice run` adds `"alice"`) changes the response: sign last.
 */
export function signResponse<T extends TaskResponse<unknown>>(
  response: T,
  key: IntegrityKey,
): SignedResponse<T> {
  const { integrity: _, ...unsigned } = response as T & { integrity?: unknown };
  return { ...(unsigned as T), integrity: digest(unsigned, checkedKey(key)) };
}

/**
 * Whether `value` carries an `integrity` field that `key` signed for exactly this content
 * (compared in constant time). A value without one, or changed since, is `false`.
 */
export function verifyResponse(value: unknown, key: IntegrityKey): boolean {
  const bytes = checkedKey(key);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { integrity, ...unsigned } = value as Record<string, unknown>;
  if (typeof integrity !== "string") return false;
  const expected = Buffer.from(digest(unsigned, bytes));
  const given = Buffer.from(integrity);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Throws `ResumeError` unless `value` was signed with `key` and not changed since: what
 * `resume()` does first when given an `integrityKey`.
 */
export function checkIntegrity(value: unknown, key: IntegrityKey, taskName: string): void {
  if (verifyResponse(value, key)) return;
  const signed =
    typeof value === "object" &&
    value !== null &&
    typeof (value as { integrity?: unknown }).integrity === "string";
  throw new ResumeError(
    signed
      ? `Cannot resume task "${taskName}": the response was changed after it was signed, or not signed with this integrityKey (its "integrity" field does not match). Nothing was resumed.`
      : `Cannot resume task "${taskName}": the response is not signed (no "integrity" field), and an integrityKey was given. Sign pending responses with run(inputs, { integrityKey }) or signResponse().`,
  );
}

/** The response `run()` or `resume()` returns with an `integrityKey`: signed when it is pending. */
export function signPending(response: TaskResponse, key: IntegrityKey | undefined): TaskResponse {
  return key === undefined || response.status !== "pending"
    ? response
    : signResponse(response, key);
}

/**
 * A run's events with the pending response signed, in its `task-end` event and as the
 * generator's return value alike. Closing it closes the run (its cleanup runs). The key is
 * checked now, not after the run.
 */
export function signPendingEvents(
  events: AsyncGenerator<TaskEvent, TaskResponse>,
  key: IntegrityKey,
): AsyncGenerator<TaskEvent, TaskResponse> {
  checkedKey(key);
  return signing(events, key);
}

async function* signing(
  events: AsyncGenerator<TaskEvent, TaskResponse>,
  key: IntegrityKey,
): AsyncGenerator<TaskEvent, TaskResponse> {
  let signed: TaskResponse | undefined;
  let finished = false;
  try {
    for (;;) {
      const step = await events.next();
      if (step.done === true) {
        finished = true;
        return signed ?? signPending(step.value, key);
      }
      const event = step.value;
      if (event.type === "task-end") {
        signed = signPending(event.response, key);
        yield { ...event, response: signed };
      } else yield event;
    }
  } finally {
    if (!finished) await events.return(undefined as never);
  }
}

/**
 * The canonical JSON of a value: what `JSON.stringify` writes (undefined properties and
 * functions left out, `toJSON` used), with every object's keys sorted by UTF-16 code units and
 * no whitespace (RFC 8785's ordering), so a response signs the same before and after a JSON
 * round trip, whatever the order of its keys.
 */
export function canonicalJson(value: unknown): string | undefined {
  let v = value;
  if (
    typeof v === "object" &&
    v !== null &&
    typeof (v as { toJSON?: unknown }).toJSON === "function"
  )
    v = (v as { toJSON(): unknown }).toJSON();
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean")
    return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((item) => canonicalJson(item) ?? "null").join(",")}]`;
  if (typeof v === "object") {
    const record = v as Record<string, unknown>;
    const fields: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const text = canonicalJson(record[key]);
      if (text !== undefined) fields.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${fields.join(",")}}`;
  }
  if (typeof v === "bigint")
    throw new TypeError("A response cannot hold a BigInt: it is not JSON.");
  return undefined;
}

function digest(unsigned: unknown, key: Uint8Array): string {
  return createHmac("sha256", key)
    .update(canonicalJson(unsigned) ?? "", "utf8")
    .digest("base64url");
}

function checkedKey(key: IntegrityKey): Uint8Array {
  const bytes = typeof key === "string" ? Buffer.from(key, "utf8") : key;
  if (!(bytes instanceof Uint8Array) || bytes.length < MIN_KEY_BYTES) {
    throw new OptionsError("integrityKey", [
      `must be a string or bytes of at least ${MIN_KEY_BYTES} bytes (e.g. crypto.randomBytes(32), or \`openssl rand -base64 32\`); got ${bytes instanceof Uint8Array ? `${bytes.length} bytes` : typeof key}.`,
    ]);
  }
  return bytes;
}
