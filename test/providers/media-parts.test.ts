// Images and files in user messages on the wire: each provider sends the kinds its API takes
// (OpenAI: image_url, input_audio, file; Anthropic: image, document) and refuses the others with
// PROVIDER_BAD_REQUEST before anything is sent.
import { fileURLToPath } from "node:url";
import { AliceAgent, type ContentPart, loadPrompt, PromptAgentTask } from "alice-agents";
import { mockAnthropic, mockOpenAI } from "alice-agents/testing";
import { describe, expect, it } from "vitest";
import {
  anthropicHarness,
  drain,
  type Harness,
  openaiHarness,
  providerError,
  sentHeaders,
  useMockServer,
} from "./harness.ts";

const server = useMockServer();

const WAV = "data:audio/wav;base64,UklGRiQAAABXQVZF";
const MP3 = "data:audio/mpeg;base64,SUQzBAAAAAAA";
const PDF = "data:application/pdf;base64,JVBERi0xLjQK";
const PNG = "data:image/png;base64,iVBORw0KGgo=";

const file = (url: string, mediaType: string, filename?: string): ContentPart =>
  filename === undefined
    ? { type: "file", url, mediaType }
    : { type: "file", url, mediaType, filename };

/** Sends one user message of `parts` and returns the wire messages the mock received. */
async function sent(h: Harness, parts: ContentPart[]): Promise<unknown> {
  const llm = h.mock([{ text: "ok" }]);
  server.use(...llm.handlers);
  const response = await h.model().generate({ messages: [{ role: "user", content: parts }] });
  expect(response.message.content).toBe("ok");
  return llm.requests[0]?.body.messages;
}

/** Sends `part` (generate, then stream) and returns the error; asserts nothing reached the server. */
async function refused(h: Harness, part: ContentPart) {
  const llm = h.mock([]);
  server.use(...llm.handlers);
  const seen = sentHeaders(server);
  const messages = [
    { role: "user" as const, content: [{ type: "text" as const, text: "?" }, part] },
  ];
  const error = await providerError(h.model().generate({ messages }));
  const { error: streamed } = await drain(h.model().stream({ messages }));
  expect(error).toMatchObject({ code: "PROVIDER_BAD_REQUEST", attempts: 0, isRetryable: false });
  expect(streamed).toMatchObject({ code: "PROVIDER_BAD_REQUEST", attempts: 0 });
  expect(llm.requests).toHaveLength(0);
  expect(seen).toHaveLength(0);
  return error;
}

describe("openai: media parts", () => {
  it("sends wav and mp3 data: URLs as input_audio, a PDF data: URL as a file part, images as image_url", async () => {
    const messages = await sent(openaiHarness, [
      { type: "text", text: "Compare:" },
      file(WAV, "audio/wav"),
      file(MP3, "audio/mpeg"),
      file("data:audio/mp3;base64,SUQz", "audio/mp3"),
      file(PDF, "application/pdf", "report.pdf"),
      file(PDF, "application/pdf"),
      { type: "image", url: PNG },
      file("https://x.test/cat.webp", "image/webp"),
    ]);
    expect(messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Compare:" },
          { type: "input_audio", input_audio: { data: "UklGRiQAAABXQVZF", format: "wav" } },
          { type: "input_audio", input_audio: { data: "SUQzBAAAAAAA", format: "mp3" } },
          { type: "input_audio", input_audio: { data: "SUQz", format: "mp3" } },
          { type: "file", file: { file_data: PDF, filename: "report.pdf" } },
          // The API answers 400 to file_data without a filename: one is always sent.
          { type: "file", file: { file_data: PDF, filename: "document.pdf" } },
          { type: "image_url", image_url: { url: PNG } },
          { type: "image_url", image_url: { url: "https://x.test/cat.webp" } },
        ],
      },
    ]);
  });

  it("sends a percent-encoded PDF data: URL's bytes as base64", async () => {
    const messages = await sent(openaiHarness, [
      file("data:application/pdf,%25PDF-1.4%0A", "application/pdf", "a.pdf"),
    ]);
    const data = `data:application/pdf;base64,${Buffer.from("%PDF-1.4\n").toString("base64")}`;
    expect(messages).toEqual([
      { role: "user", content: [{ type: "file", file: { file_data: data, filename: "a.pdf" } }] },
    ]);
  });

  it.each([
    ["a video", file("https://x.test/v.mp4", "video/mp4"), "a file of type video/mp4,"],
    ["audio by URL", file("https://x.test/a.mp3", "audio/mpeg"), "audio/mpeg by URL"],
    ["a PDF by URL", file("https://x.test/r.pdf", "application/pdf"), "application/pdf by URL"],
    ["audio it has no format for", file("data:audio/ogg;base64,T2dn", "audio/ogg"), "audio/ogg"],
    ["plain text", file("data:text/plain,hi", "text/plain"), "text/plain"],
  ])("refuses %s before sending, naming the type and what it takes", async (_, part, named) => {
    const error = await refused(openaiHarness, part);
    expect(error.message).toContain(named);
    expect(error.message).toContain("which the Chat Completions API does not take; it takes");
    expect(error.message).toContain("wav or mp3 audio as a data: URL");
  });
});

describe("anthropic: media parts", () => {
  it("sends PDFs as documents (base64 or url source), plain text as a text document, images as image blocks", async () => {
    const messages = await sent(anthropicHarness, [
      file(PDF, "application/pdf", "report.pdf"),
      file("https://x.test/r.pdf", "application/pdf"),
      file("data:text/plain;charset=utf-8,Caf%C3%A9%20%E2%98%95", "text/plain"),
      file(`data:text/plain;base64,${Buffer.from("naïve").toString("base64")}`, "text/plain"),
      file(PNG, "image/png"),
      { type: "image", url: "https://x.test/cat.jpg" },
      { type: "text", text: "Summarize." },
    ]);
    expect(messages).toEqual([
      {
        role: "user",
        content: [
          {
            type: "document",
            source: { type: "base64", media_type: "application/pdf", data: "JVBERi0xLjQK" },
            title: "report.pdf",
          },
          { type: "document", source: { type: "url", url: "https://x.test/r.pdf" } },
          { type: "document", source: { type: "text", media_type: "text/plain", data: "Café ☕" } },
          { type: "document", source: { type: "text", media_type: "text/plain", data: "naïve" } },
          {
            type: "image",
            source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
          },
          { type: "image", source: { type: "url", url: "https://x.test/cat.jpg" } },
          { type: "text", text: "Summarize." },
        ],
      },
    ]);
  });

  it.each([
    ["a video", file("https://x.test/v.mp4", "video/mp4"), "a file of type video/mp4,"],
    ["audio", file(WAV, "audio/wav"), "a file of type audio/wav,"],
    ["plain text by URL", file("https://x.test/a.txt", "text/plain"), "text/plain by URL"],
    [
      "text that is not UTF-8",
      file("data:text/plain;charset=iso-8859-1,caf%E9", "text/plain"),
      "not UTF-8",
    ],
    [
      "an image type it has no block for",
      { type: "image", url: "data:image/svg+xml,%3Csvg%2F%3E" } as const,
      "an image of type image/svg+xml",
    ],
  ])("refuses %s before sending, naming the type and what it takes", async (_, part, named) => {
    const error = await refused(anthropicHarness, part);
    expect(error.message).toContain(named);
    expect(error.message).toContain("which the Anthropic Messages API does not take; it takes");
    expect(error.message).toContain("PDFs (as a data: or https URL)");
  });
});

describe("a .prompt file's {{media}} PDF, through a PromptAgentTask", () => {
  const prompt = fileURLToPath(new URL("./fixtures/summarize-pdf.prompt", import.meta.url));
  const run = async (h: Harness, report: string) =>
    new PromptAgentTask({
      taskName: "summarize",
      agent: new AliceAgent({ name: "summarizer", systemMessage: "", model: h.model() }),
      templates: { task_template: await loadPrompt(prompt) },
    }).run({ report });

  it("reaches Anthropic as a document block", async () => {
    const llm = mockAnthropic([{ text: "Sales rose." }]);
    server.use(...llm.handlers);
    const response = await run(anthropicHarness, "https://x.test/q3.pdf");
    expect(response.status).toBe("complete");
    expect(llm.requests[0]?.body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Summarize this report. " },
          { type: "document", source: { type: "url", url: "https://x.test/q3.pdf" } },
        ],
      },
    ]);
    expect(llm.requests[0]?.lastUserText).toBe("Summarize this report. ");
  });

  it("reaches OpenAI as a file part when given as a data: URL, and is refused by URL", async () => {
    const llm = mockOpenAI([{ text: "Sales rose." }]);
    server.use(...llm.handlers);
    expect((await run(openaiHarness, PDF)).status).toBe("complete");
    expect(JSON.stringify(llm.requests[0]?.body.messages)).toContain(
      JSON.stringify({ type: "file", file: { file_data: PDF, filename: "document.pdf" } }),
    );
    const byUrl = await run(openaiHarness, "https://x.test/q3.pdf");
    expect([byUrl.status, byUrl.error?.code]).toEqual(["failed", "PROVIDER_BAD_REQUEST"]);
    expect(llm.requests).toHaveLength(1);
  });
});
