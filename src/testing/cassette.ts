import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { JsonValue } from "../messages/json.ts";
import { MockLLMError } from "./mock-llm-error.ts";
import { scrubText } from "./scrub-secrets.ts";

/** One recorded SSE event; `data` is parsed JSON, or the raw text when it is not an object (`[DONE]`). */
export interface CassetteEvent {
  event?: string;
  data: JsonValue;
}

/** A recorded response: exactly one of `body` (JSON), `text` or `events` (SSE). */
export interface CassetteResponse {
  status: number;
  headers: Record<string, string>;
  body?: JsonValue;
  text?: string;
  events?: CassetteEvent[];
}

/** A recorded request (credentials removed). */
export interface CassetteRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: JsonValue;
}

/** One request and the response the real API gave. */
export interface CassetteInteraction {
  request: CassetteRequest;
  response: CassetteResponse;
}

/** A readable JSON file of recorded interactions, replayed in order. */
export interface Cassette {
  version: 1;
  provider: "openai" | "anthropic";
  recordedAt: string;
  interactions: CassetteInteraction[];
}

const headersSchema = z.record(z.string(), z.string());
const cassetteSchema = z.object({
  version: z.literal(1),
  provider: z.enum(["openai", "anthropic"]),
  recordedAt: z.string(),
  interactions: z.array(
    z.object({
      request: z.object({
        method: z.string(),
        url: z.string(),
        headers: headersSchema,
        body: z.json(),
      }),
      response: z
        .object({
          status: z.number().int().min(200).max(599),
          headers: headersSchema,
          body: z.json().optional(),
          text: z.string().optional(),
          events: z.array(z.object({ event: z.string().optional(), data: z.json() })).optional(),
        })
        .refine((r) => [r.body, r.text, r.events].filter((x) => x !== undefined).length === 1, {
          message: "a response needs exactly one of body, text or events",
        }),
    }),
  ),
});

/** The file path of a cassette given as a path (relative to the working directory) or a file URL. */
export function cassettePath(cassette: string | URL): string {
  return cassette instanceof URL ? fileURLToPath(cassette) : resolve(cassette);
}

/** Reads and validates a cassette; throws MOCK_CASSETTE_INVALID when missing or malformed. */
export function readCassette(path: string, provider: Cassette["provider"]): Cassette {
  const howToRecord = "Record it by running the test once with ALICE_RECORD=1 and a real API key.";
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new MockLLMError(
      "MOCK_CASSETTE_INVALID",
      `Cassette ${path} cannot be read. ${howToRecord}`,
      { cause },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new MockLLMError(
      "MOCK_CASSETTE_INVALID",
      `Cassette ${path} is not valid JSON. ${howToRecord}`,
      { cause },
    );
  }
  const parsed = cassetteSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `  - ${i.path.join(".") || "(root)"}: ${i.message}`,
    );
    throw new MockLLMError(
      "MOCK_CASSETTE_INVALID",
      `Cassette ${path} is malformed:\n${issues.join("\n")}`,
      { cause: parsed.error },
    );
  }
  if (parsed.data.provider !== provider) {
    throw new MockLLMError(
      "MOCK_CASSETTE_INVALID",
      `Cassette ${path} was recorded for ${parsed.data.provider}, not ${provider}.`,
    );
  }
  return parsed.data as Cassette;
}

/** Writes a cassette as indented JSON, with every secret redacted. */
export function writeCassette(
  path: string,
  cassette: Cassette,
  secrets: ReadonlySet<string>,
): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${scrubText(JSON.stringify(cassette, null, 2), secrets)}\n`);
}
