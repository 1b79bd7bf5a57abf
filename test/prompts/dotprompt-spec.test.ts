import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPrompt, type Message, Prompt, type PromptMessage } from "alice-agents";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tempPromptDir } from "./temp-prompt-dir.ts";

// The official Dotprompt specification (google/dotprompt, spec/*.yaml), kept next to the repo;
// DOTPROMPT_SPEC_DIR points elsewhere (a checkout's spec/ folder).
const SPEC_DIR =
  process.env.DOTPROMPT_SPEC_DIR ??
  fileURLToPath(new URL("../../../shared/dotprompt-spec/", import.meta.url));

/** One `- name: … template: … tests: […]` entry of a spec file. */
interface SpecSuite {
  name: string;
  template: string;
  data?: SpecData;
  schemas?: Record<string, Record<string, unknown>>;
  partials?: Record<string, string>;
  resolverPartials?: Record<string, string>;
  tests: SpecCase[];
}

interface SpecCase {
  desc?: string;
  data?: SpecData;
  options?: { input?: { default?: Record<string, unknown> } };
  expect: Record<string, unknown>;
}

interface SpecData {
  input?: Record<string, unknown>;
  context?: Record<string, unknown>;
  messages?: SpecMessage[];
}

type SpecPart =
  | { text: string }
  | { media: { url: string; contentType?: string } }
  | { metadata: Record<string, unknown> };

interface SpecMessage {
  role: string;
  content: SpecPart[];
  metadata?: Record<string, unknown>;
}

// A render the way the reference implementation's own spec test does it (js/test/spec.test.ts):
// the suite's data under the case's, `options.input.default` as defaults under the inputs, the
// suite's `partials` registered and `resolverPartials` found by the loader, and the result
// compared with `ext`, `config` and `metadata` defaulting to `{}`; `raw` only when expected.
async function renderCase(suite: SpecSuite, specCase: SpecCase): Promise<void> {
  const files: Record<string, string> = { "case.prompt": suite.template };
  for (const [name, text] of Object.entries(suite.resolverPartials ?? {})) {
    files[`_${name}.prompt`] = text;
  }
  const dir = await tempPromptDir(files);
  let prompt = await loadPrompt(join(dir, "case.prompt"), {
    partials: suite.partials,
    schemas: suite.schemas,
  });
  const defaults = specCase.options?.input?.default;
  if (defaults !== undefined) prompt = new Prompt({ ...prompt.toJSON(), defaults });
  const data = { ...suite.data, ...specCase.data };
  const messages = prompt.messages(data.input ?? {}, {
    history: data.messages?.map(fromSpecMessage),
    context: data.context,
  });
  const { raw, ...expected } = specCase.expect;
  expect({ messages: messages.map(toSpecMessage), ...specMetadata(prompt) }).toEqual({
    ...expected,
    ext: expected.ext ?? {},
    config: expected.config ?? {},
    metadata: expected.metadata ?? {},
  });
  if (raw !== undefined) expect(prompt.raw).toEqual(raw);
}

// The adapter: representation only (names of roles and parts, string content as one text part).

function toSpecMessage(message: PromptMessage): SpecMessage {
  const role = message.role === "assistant" ? "model" : message.role;
  const { content } = message;
  const parts = typeof content === "string" ? [{ text: content }] : content.map(toSpecPart);
  return "metadata" in message
    ? { role, content: parts, metadata: message.metadata }
    : { role, content: parts };
}

function toSpecPart(part: Exclude<PromptMessage["content"], string>[number]): SpecPart {
  switch (part.type) {
    case "text":
      return { text: part.text };
    case "image":
    case "file":
    case "media":
      return { media: media(part.url, part.mediaType) };
    case "section":
      return { metadata: { purpose: part.name, pending: true } };
    default: {
      const unreachable: never = part;
      throw new TypeError(`Unknown part ${JSON.stringify(unreachable)}`);
    }
  }
}

function media(
  url: string,
  contentType: string | undefined,
): { url: string; contentType?: string } {
  return contentType === undefined ? { url } : { url, contentType };
}

function fromSpecMessage(message: SpecMessage): Message {
  const text = message.content.map((part) => ("text" in part ? part.text : "")).join("");
  switch (message.role) {
    case "system":
      return { role: "system", content: text };
    case "model":
      return { role: "assistant", content: text };
    case "user":
      return { role: "user", content: text };
    default:
      throw new TypeError(`The spec's history has a ${message.role} message`);
  }
}

/**
 * The prompt's metadata in the spec's shape. Dotprompt's render gives a name or version only when
 * the frontmatter does (ours default to the file's id and hash), and `input` is the declared
 * schema with the defaults.
 */
function specMetadata(prompt: Prompt): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ext: prompt.ext ?? {},
    config: prompt.config ?? {},
    metadata: prompt.metadata ?? {},
  };
  const given = prompt.raw ?? {};
  if (given.name !== undefined) out.name = prompt.name;
  if (given.version !== undefined) out.version = prompt.version;
  if (given.variant !== undefined) out.variant = prompt.variant;
  for (const key of ["description", "model", "tools", "toolDefs", "output"] as const) {
    if (prompt[key] !== undefined) out[key] = prompt[key];
  }
  const input: Record<string, unknown> = {};
  const schema = prompt.parameters ?? prompt.inputSchema;
  if (schema !== undefined) input.schema = schema;
  if (Object.keys(prompt.defaults).length > 0) input.default = prompt.defaults;
  if (Object.keys(input).length > 0) out.input = input;
  return out;
}

function specFiles(): string[] {
  return readdirSync(SPEC_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".yaml"))
    .map((file) => file.split("\\").join("/"))
    .sort();
}

if (existsSync(SPEC_DIR)) {
  // Every case passes: no deviation from the spec is kept (docs/prompts.md).
  describe("the Dotprompt spec", () => {
    for (const file of specFiles()) {
      const suites = parse(readFileSync(join(SPEC_DIR, file), "utf8")) as SpecSuite[];
      describe(file, () => {
        for (const suite of suites) {
          for (const specCase of suite.tests) {
            it(`${suite.name}: ${specCase.desc ?? "matches"}`, () => renderCase(suite, specCase));
          }
        }
      });
    }
  });
} else {
  describe("the Dotprompt spec", () => {
    it(`is not run: ${SPEC_DIR} does not exist here (CI has it)`, () => {
      expect(existsSync(SPEC_DIR)).toBe(false);
    });
  });
}
