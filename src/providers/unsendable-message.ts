import { shownValue } from "./option-checks.ts";
import { DriverFailure } from "./provider-failure.ts";

/**
 * The failure for a message no provider can be sent (an unknown role or content part, from
 * untyped code): refused before sending, so it surfaces as a `PROVIDER_BAD_REQUEST`.
 */
export function unsendableMessage(message: unknown): DriverFailure {
  const role = typeof message === "object" && message !== null && "role" in message;
  const problem = role
    ? `a message has role ${shownValue(message.role)}; roles are "system", "user", "assistant" and "tool"`
    : `a message must be an object with a role; got ${shownValue(message)}`;
  return new DriverFailure({ kind: "refused", message: problem });
}

/** The failure for a user message's content part of an unknown type. */
export function unsendablePart(part: unknown): DriverFailure {
  const type = typeof part === "object" && part !== null && "type" in part ? part.type : undefined;
  return new DriverFailure({
    kind: "refused",
    message: `a user message has a content part of type ${shownValue(type)}; part types are "text", "image" and "file"`,
  });
}

/**
 * The failure for an image or file a provider does not take: `what` names it (`a file of type
 * video/mp4`), `api` the provider's API, `accepts` what it takes instead. Refused before sending.
 */
export function unsendableMedia(what: string, api: string, accepts: string): DriverFailure {
  return new DriverFailure({
    kind: "refused",
    message: `a user message has ${what}, which ${api} does not take; it takes ${accepts}`,
  });
}
