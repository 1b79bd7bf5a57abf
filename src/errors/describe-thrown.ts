import { redactSecrets } from "./redact-secrets.ts";

/**
 * What was thrown, as text for a message, with secrets redacted: `RangeError: index 9 is out
 * of range` (a plain `Error` without its name), a string as it is, anything else by its kind.
 * Never throws itself, whatever it is given (an object without a prototype, a throwing getter,
 * a revoked proxy), so an error path cannot fail while describing a failure.
 */
export function describeThrown(error: unknown): string {
  return redactSecrets(describeRaw(error));
}

/** A thrown error's parts for the record, redacted: its name, its message and its own code. */
export function thrownParts(error: unknown): { name: string; message: string; code?: string } {
  try {
    if (error instanceof Error) {
      const code: unknown = (error as { code?: unknown }).code;
      const parts = { name: String(error.name), message: redactSecrets(String(error.message)) };
      return typeof code === "string" ? { ...parts, code } : parts;
    }
  } catch {}
  return { name: "Error", message: describeThrown(error) };
}

function describeRaw(error: unknown): string {
  try {
    if (error instanceof Error) {
      const name = String(error.name);
      return `${name === "Error" ? "" : `${name}: `}${String(error.message)}`;
    }
    if (typeof error === "string") return error;
    if (error === null || error === undefined) return String(error);
    if (typeof error !== "object" && typeof error !== "function") return String(error);
    return `a thrown ${typeof error === "function" ? "function" : "non-Error object"}`;
  } catch {
    return "an error that could not be described";
  }
}
