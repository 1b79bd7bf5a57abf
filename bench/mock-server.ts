/**
 * Loopback mock of the OpenAI API for load: plain node:http, keep-alive, pre-serialised bodies,
 * no added latency unless `--latency-ms` is given. Run as its own process:
 *   node mock-server.ts [--port 0] [--latency-ms 0] [--max-seconds 1800]
 * It prints `{"port":N}` once listening, answers POST /v1/chat/completions and /v1/responses
 * (JSON or SSE), GET /stats (counters) and POST /stats/reset, and exits when stdin closes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { type BodyMode, type Turn, wireBody } from "./mock-wire.ts";
import { FINAL_TEXT, MODEL, roundsOf } from "./scenario.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "latency-ms": { type: "string", default: "0" },
    "max-seconds": { type: "string", default: "1800" },
  },
});
const latencyMs = Number(values["latency-ms"]);
const MAX_BODY = 1 << 20;

/** Counters since the last reset. */
const stats = {
  requests: {} as Record<string, number>,
  statuses: {} as Record<string, number>,
  inFlight: 0,
  peakInFlight: 0,
  openConnections: 0,
  peakConnections: 0,
  newConnections: 0,
  aborted: 0,
  badToolResults: 0,
};
const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

const cache = new Map<string, Buffer>();

function body(turn: Turn, model: string, mode: BodyMode): Buffer {
  if (turn.kind === "final" && turn.text !== FINAL_TEXT)
    return Buffer.from(wireBody(turn, model, mode));
  const key = `${mode.api}|${mode.stream}|${mode.includeUsage}|${model}|${turn.kind === "final" ? "f" : turn.round}`;
  let bytes = cache.get(key);
  if (bytes === undefined) {
    bytes = Buffer.from(wireBody(turn, model, mode));
    cache.set(key, bytes);
  }
  return bytes;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null;

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((part) => (isObject(part) && typeof part.text === "string" ? part.text : ""))
      .join("");
  return JSON.stringify(content) ?? "";
}

/** The tool results the client sent back, oldest first. */
function toolResults(api: BodyMode["api"], request: Json): string[] {
  const items = api === "chat" ? request.messages : request.input;
  if (!Array.isArray(items)) return [];
  if (api === "chat")
    return items
      .filter((m) => isObject(m) && m.role === "tool")
      .map((m: Json) => textOf(m.content));
  return items
    .filter((i) => isObject(i) && i.type === "function_call_output")
    .map((i: Json) => textOf(i.output));
}

function nextTurn(results: readonly string[], rounds: number): Turn {
  if (results.length < rounds) return { kind: "tool-call", round: results.length + 1 };
  const last = results.at(-1)!.trim();
  if (Number(last) === 5) return { kind: "final", text: FINAL_TEXT };
  stats.badToolResults++;
  return { kind: "final", text: `bad tool result: ${last.slice(0, 80)}` };
}

type Reply = readonly [status: number, bytes: Buffer, contentType: string];

function send(res: ServerResponse, [status, bytes, contentType]: Reply): void {
  bump(stats.statuses, String(status));
  const write = () => {
    res.writeHead(status, {
      "content-type": contentType,
      "content-length": bytes.length,
      "x-request-id": "req_bench",
    });
    res.end(bytes);
  };
  if (latencyMs > 0) setTimeout(write, latencyMs);
  else write();
}

function error(status: number, message: string): Reply {
  const body = { error: { message, type: "invalid_request_error", param: null, code: null } };
  return [status, Buffer.from(JSON.stringify(body)), "application/json"];
}

const json = (value: unknown): Reply => [
  200,
  Buffer.from(JSON.stringify(value)),
  "application/json",
];

function answer(req: IncomingMessage, raw: Buffer): Reply {
  if (req.method === "GET" && req.url === "/stats") return json(stats);
  if (req.method === "POST" && req.url === "/stats/reset") {
    Object.assign(stats, { requests: {}, statuses: {}, aborted: 0, badToolResults: 0 });
    Object.assign(stats, { peakInFlight: stats.inFlight, peakConnections: stats.openConnections });
    stats.newConnections = 0;
    return json({});
  }
  const api =
    req.url === "/v1/chat/completions"
      ? "chat"
      : req.url === "/v1/responses"
        ? "responses"
        : undefined;
  if (req.method !== "POST" || api === undefined)
    return error(404, `No route ${req.method} ${req.url}`);
  let request: unknown;
  try {
    request = JSON.parse(raw.toString("utf8"));
  } catch {
    return error(400, "The body is not JSON.");
  }
  if (!isObject(request)) return error(400, "The body is not a JSON object.");
  const rounds = roundsOf(request.model);
  if (request.model !== MODEL && rounds === 1)
    return error(404, `Unknown model ${JSON.stringify(request.model)}.`);
  const stream = request.stream === true;
  const options = request.stream_options;
  const includeUsage = isObject(options) && options.include_usage === true;
  bump(stats.requests, `${api}_${stream ? "sse" : "json"}`);
  const turn = nextTurn(toolResults(api, request), rounds);
  const bytes = body(turn, request.model as string, { api, stream, includeUsage });
  return [200, bytes, stream ? "text/event-stream" : "application/json"];
}

const server = createServer((req, res) => {
  stats.inFlight++;
  stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
  res.on("close", () => {
    stats.inFlight--;
    if (!res.writableFinished) stats.aborted++;
  });
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  req.on("end", () => {
    const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    send(res, size > MAX_BODY ? error(413, "The body is over 1 MiB.") : answer(req, raw));
  });
});
server.keepAliveTimeout = 60_000;
server.on("connection", (socket) => {
  stats.openConnections++;
  stats.newConnections++;
  stats.peakConnections = Math.max(stats.peakConnections, stats.openConnections);
  socket.on("close", () => stats.openConnections--);
});

server.listen(Number(values.port), "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port, latencyMs })}\n`);
});
// Never outlive the harness: stop when its pipe closes, or after max-seconds at the latest.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), Number(values["max-seconds"]) * 1000).unref();
