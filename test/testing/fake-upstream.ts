import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The API key the fake upstream accepts; it must never reach a cassette. */
export const SECRET_KEY = "sk-live-SENTINEL-0123456789abcdef";
/** An organisation id the fake upstream sends back; it must never reach a cassette. */
export const SECRET_ORG = "org-SENTINEL-42";
/** Values of custom credential headers (`x-api-token`, `x-custom-auth`); never in a cassette. */
export const SECRET_TOKEN = "tok-SENTINEL-custom-7f3a9c11";
export const SECRET_CUSTOM_AUTH = "auth+SENTINEL/custom=5e1d";
/** The question that makes the fake upstream echo every credential it received. */
export const ECHO_CREDENTIALS = "which credentials did you get?";

/** What the fake upstream echoes back: the credentials it received, as an API that logs them might. */
function credentialsEcho(headers: IncomingMessage["headers"]): string {
  const sent = ["authorization", "x-api-key", "x-api-token", "x-custom-auth"].flatMap((name) => {
    const value = headers[name];
    return typeof value === "string" ? [`${name}=${value}`] : [];
  });
  return `You sent ${sent.join(" and ")}`;
}

/** A local stand-in for the real OpenAI and Anthropic APIs, for recording cassettes offline. */
export interface FakeUpstream {
  origin: string;
  hits: number;
  close(): Promise<void>;
}

function lastUserText(body: { messages?: { role: string; content: unknown }[] }): string {
  const message = body.messages?.filter((m) => m.role === "user").at(-1);
  return typeof message?.content === "string" ? message.content : "";
}

function sse(res: ServerResponse, frames: string[], headers: Record<string, string>): void {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", ...headers });
  for (const frame of frames) res.write(`${frame}\n\n`);
  res.end();
}

function openai(
  res: ServerResponse,
  body: Record<string, unknown>,
  req: IncomingMessage,
  n: number,
): void {
  const auth = req.headers.authorization ?? "";
  const echo = lastUserText(body as never) === ECHO_CREDENTIALS;
  const headers = {
    ...(echo ? { "x-echo": credentialsEcho(req.headers) } : {}),
    "x-request-id": `req_up${n}`,
    "x-ratelimit-remaining-tokens": "149990",
    "openai-organization": SECRET_ORG,
    "set-cookie": "__cf_bm=SENTINELCOOKIE; path=/",
  };
  if (auth !== `Bearer ${SECRET_KEY}`) {
    const error = {
      message: `Incorrect API key provided: ${auth.replace("Bearer ", "")}.`,
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    };
    res
      .writeHead(401, { "content-type": "application/json", ...headers })
      .end(JSON.stringify({ error }));
    return;
  }
  const text = echo ? credentialsEcho(req.headers) : `Echo: ${lastUserText(body as never)} 🎉`;
  if (text.includes("rate limit me")) {
    const error = {
      message: "Rate limit reached",
      type: "requests",
      param: null,
      code: "rate_limit_exceeded",
    };
    res
      .writeHead(429, { "content-type": "application/json", "retry-after": "7", ...headers })
      .end(JSON.stringify({ error }));
    return;
  }
  const base = { id: `chatcmpl-up${n}`, created: 1, model: "gpt-4o-mini-2024-07-18" };
  const usage = { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 };
  if (body.stream !== true) {
    const choice = {
      index: 0,
      message: { role: "assistant", content: text, refusal: null },
      logprobs: null,
      finish_reason: "stop",
    };
    res
      .writeHead(200, { "content-type": "application/json", ...headers })
      .end(JSON.stringify({ ...base, object: "chat.completion", choices: [choice], usage }));
    return;
  }
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}`;
  const frames = [
    chunk({ role: "assistant", content: "" }),
    ...text.split(" ").map((w, i) => chunk({ content: i ? ` ${w}` : w })),
    chunk({}, "stop"),
  ];
  if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) {
    frames.push(
      `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [], usage })}`,
    );
  }
  sse(res, [...frames, "data: [DONE]"], headers);
}

function anthropic(
  res: ServerResponse,
  body: Record<string, unknown>,
  req: IncomingMessage,
  n: number,
): void {
  const headers = { "request-id": `req_up${n}`, "anthropic-organization-id": SECRET_ORG };
  const question = lastUserText(body as never);
  const text = question === ECHO_CREDENTIALS ? credentialsEcho(req.headers) : `Echo: ${question}`;
  const message = {
    id: `msg_up${n}`,
    type: "message",
    role: "assistant",
    model: "claude-up",
    stop_sequence: null,
  };
  const tool = { type: "tool_use", id: `toolu_up${n}`, name: "lookup", input: { q: "東京" } };
  if (body.stream !== true) {
    const content = [{ type: "text", text }, tool];
    const reply = {
      ...message,
      content,
      stop_reason: "tool_use",
      usage: { input_tokens: 11, output_tokens: 7 },
    };
    res
      .writeHead(200, { "content-type": "application/json", ...headers })
      .end(JSON.stringify(reply));
    return;
  }
  const event = (type: string, data: object) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}`;
  sse(
    res,
    [
      event("message_start", {
        message: {
          ...message,
          content: [],
          stop_reason: null,
          usage: { input_tokens: 11, output_tokens: 1 },
        },
      }),
      event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
      event("ping", {}),
      event("content_block_delta", { index: 0, delta: { type: "text_delta", text } }),
      event("content_block_stop", { index: 0 }),
      event("content_block_start", { index: 1, content_block: { ...tool, input: {} } }),
      event("content_block_delta", {
        index: 1,
        delta: { type: "input_json_delta", partial_json: '{"q": "東' },
      }),
      event("content_block_delta", {
        index: 1,
        delta: { type: "input_json_delta", partial_json: '京"}' },
      }),
      event("content_block_stop", { index: 1 }),
      event("message_delta", {
        delta: { stop_reason: "tool_use", stop_sequence: null },
        usage: { output_tokens: 7 },
      }),
      event("message_stop", {}),
    ],
    headers,
  );
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
}

/** Starts the fake upstream on 127.0.0.1 at a free port. */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  const upstream = { origin: "", hits: 0, close: async () => {} };
  const server = createServer((req, res) => {
    upstream.hits += 1;
    const n = upstream.hits;
    void readBody(req).then((body) => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      if (path === "/v1/chat/completions") openai(res, body, req, n);
      else if (path === "/v1/messages") anthropic(res, body, req, n);
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  upstream.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return upstream;
}
