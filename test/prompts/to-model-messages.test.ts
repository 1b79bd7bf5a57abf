import { type Message, Prompt, type PromptMessage, toModelMessages } from "alice-agents";
import { describe, expect, it } from "vitest";
import { catchError } from "./catch-prompt-error.ts";

const chat = (content: string) => new Prompt({ name: "chat", content });

describe("toModelMessages", () => {
  it("keeps text messages as they are, and history whole (tool calls too) without its mark", () => {
    const history: Message[] = [
      { role: "user", content: "2+2?" },
      { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "add", arguments: "{}" }] },
      { role: "tool", toolCallId: "c1", toolName: "add", content: "4" },
    ];
    const prompt = chat('{{role "system"}}Be brief.{{history}}{{role "user"}}And 3+3?');
    expect(toModelMessages(prompt.messages({}, { history }))).toEqual([
      { role: "system", content: "Be brief." },
      ...history,
      { role: "user", content: "And 3+3?" },
    ]);
  });

  it("drops sections, and a message that had nothing else", () => {
    const prompt = chat(
      '{{role "system"}}Rules.{{section "output"}}{{role "user"}}{{section "context"}}{{role "model"}}A{{section "x"}}B',
    );
    expect(toModelMessages(prompt.messages({}))).toEqual([
      { role: "system", content: "Rules." },
      { role: "assistant", content: "AB" },
    ]);
  });

  it("sends {{media}} of an image type, or of no stated type, as an image part", () => {
    const prompt = chat('Look: {{media url=a contentType="image/png"}}{{media url=b}}');
    expect(
      toModelMessages(prompt.messages({ a: "https://x.test/a.png", b: "https://x.test/b" })),
    ).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Look: " },
          { type: "image", url: "https://x.test/a.png", mediaType: "image/png" },
          { type: "image", url: "https://x.test/b" },
        ],
      },
    ]);
  });

  it("sends {{media}} of another type (video, audio, PDF, by content type or data: URL) as a file part with that type", () => {
    const prompt = chat(
      '{{media url=v contentType="video/mp4"}}{{media url=a}}Read: {{media url=d contentType="application/pdf"}}',
    );
    const inputs = {
      v: "https://x.test/v.mp4",
      a: "data:audio/mpeg;base64,SUQz",
      d: "data:application/pdf;base64,JVBERi0x",
    };
    expect(toModelMessages(prompt.messages(inputs))).toEqual([
      {
        role: "user",
        content: [
          { type: "file", url: "https://x.test/v.mp4", mediaType: "video/mp4" },
          { type: "file", url: "data:audio/mpeg;base64,SUQz", mediaType: "audio/mpeg" },
          { type: "text", text: "Read: " },
          {
            type: "file",
            url: "data:application/pdf;base64,JVBERi0x",
            mediaType: "application/pdf",
          },
        ],
      },
    ]);
  });

  it("refuses media outside user messages, whose content is text", () => {
    const messages = (content: string) =>
      toModelMessages(chat(content).messages({ url: "https://x.test/v" }), { promptName: "chat" });
    for (const role of ["system", "model"]) {
      const error = catchError(() =>
        messages(`{{role "${role}"}}{{media url=url contentType="application/pdf"}}`),
      );
      expect([error.code, error.promptName]).toEqual(["PROMPT_INVALID", "chat"]);
      expect(error.message).toContain("only allowed in user messages");
    }
    expect(catchError(() => messages('{{role "system"}}{{media url=url}}')).message).toContain(
      "in a system message",
    );
  });

  it("takes the messages as Dotprompt's structure gives them", () => {
    const messages: PromptMessage[] = [
      { role: "user", content: [{ type: "section", name: "context" }] },
      { role: "user", content: "hi", metadata: { purpose: "history" } },
    ];
    expect(toModelMessages(messages)).toEqual([{ role: "user", content: "hi" }]);
  });
});
