import { HttpResponse } from "msw";
import { sleep } from "../providers/sleep.ts";
import { describeRequest, truncate } from "./describe-request.ts";
import { errorResponse } from "./error-response.ts";
import type { MockRequest } from "./mock-request.ts";
import type { MockTurn, MockTurnSpec } from "./mock-turn.ts";
import { replyResponse, resolveReply } from "./reply-response.ts";
import type { Responder, ResponderContext } from "./responder.ts";

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A short description of a turn for failure messages. */
export function describeTurn(turn: MockTurn): string {
  if (typeof turn === "function") return "(function turn)";
  return truncate(
    JSON.stringify(turn, (_key, value: unknown) =>
      typeof value === "function" ? "(function)" : value,
    ),
    200,
  );
}

function matchProblem(spec: MockTurnSpec, request: MockRequest): string | undefined {
  if (spec.match === undefined) return undefined;
  try {
    return spec.match(request) ? undefined : "match returned false";
  } catch (error) {
    return `match threw: ${errorText(error)}`;
  }
}

/** Answers the n-th request with the n-th scripted turn. */
export function scriptResponder(turns: readonly MockTurn[]): Responder {
  const used = new Set<number>();
  const ofTurns = `${turns.length} scripted turn${turns.length === 1 ? "" : "s"}`;

  async function respond(request: MockRequest, raw: Request, { wire, fail }: ResponderContext) {
    const { index } = request;
    const turn = turns[index];
    if (turn === undefined) {
      return fail(
        "MOCK_UNEXPECTED_REQUEST",
        `${wire.kitName} received request #${index + 1}, but its script has only ${ofTurns}.\n${describeRequest(request)}\nAdd a turn for this request, or find why the code under test made an extra call.`,
        request,
      );
    }
    request.turn = index;
    used.add(index);
    const where = `${wire.kitName} turn ${index + 1} of ${turns.length}`;
    let spec: MockTurnSpec;
    try {
      spec = typeof turn === "function" ? turn(request) : turn;
    } catch (error) {
      return fail(
        "MOCK_TURN_MISMATCH",
        `${where}: the turn function threw: ${errorText(error)}\n${describeRequest(request)}`,
        request,
      );
    }
    const problem = matchProblem(spec, request);
    if (problem !== undefined) {
      const source = truncate(String(spec.match), 300);
      return fail(
        "MOCK_TURN_MISMATCH",
        `${where}: request #${index + 1} does not satisfy the turn's match (${problem}).\n  match: ${source}\n${describeRequest(request)}`,
        request,
      );
    }
    try {
      await sleep(spec.delayMs ?? 0, raw.signal);
    } catch {
      // The client gave up waiting.
      return HttpResponse.error();
    }
    if (raw.signal.aborted || spec.networkError === true) return HttpResponse.error();
    if (spec.error !== undefined) return errorResponse(wire, spec.error, `req_mock${index + 1}`);
    return replyResponse(wire, resolveReply(wire, spec, request), request, spec.stream, raw.signal);
  }

  function unusedMessage(received: number): string | undefined {
    const unused = turns.flatMap((turn, i) =>
      used.has(i) ? [] : [`  turn ${i + 1}: ${describeTurn(turn)}`],
    );
    if (unused.length === 0) return undefined;
    return `${unused.length} of ${ofTurns} never requested (received ${received} request${received === 1 ? "" : "s"}):\n${unused.join("\n")}`;
  }

  return { respond, unusedMessage };
}
