import { describe, expect, it } from "vitest";
import {
  isSecretName,
  redactHeaders,
  scrubHeaders,
  scrubText,
} from "../../src/testing/scrub-secrets.ts";

describe("which headers carry credentials", () => {
  it.each([
    "authorization",
    "proxy-authorization",
    "x-api-key",
    "api-key",
    "x-api-token",
    "x-auth-token",
    "x-custom-auth",
    "x-client-secret",
    "x-db-password",
    "x-credential",
    "cookie",
    "set-cookie",
    "x-session-id",
    "x-amz-signature",
    "openai-organization",
    "openai-project",
    "anthropic-organization-id",
  ])("%s is dropped from cassettes and redacted in logs", (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    "x-ratelimit-remaining-tokens",
    "anthropic-ratelimit-input-tokens-limit",
    "idempotency-key",
    "x-stainless-retry-count",
    "x-request-id",
    "user-agent",
    "content-type",
    "anthropic-version",
  ])("%s is kept", (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe("where a credential's value is hidden", () => {
  it("hides a cookie's value everywhere, but not its attributes (the cassette stays readable)", () => {
    const secrets = new Set<string>();
    const kept = scrubHeaders(
      {
        "set-cookie":
          "__cf_bm=cookieSENTINEL123; path=/; expires=Fri, 06-Dec-26 00:25:00 GMT; domain=.api.example.test; HttpOnly; Secure; SameSite=None",
        "x-request-id": "req_1",
      },
      secrets,
    );
    expect(kept).toEqual({ "x-request-id": "req_1" });
    const text =
      "session cookieSENTINEL123 at 00:25:00 on api.example.test, HttpOnly SameSite=None";
    expect(scrubText(text, secrets)).toBe(
      "session [REDACTED] at 00:25:00 on api.example.test, HttpOnly SameSite=None",
    );
  });

  it("hides a Basic credential, its decoded form and its password, also URL-encoded", () => {
    const secrets = new Set<string>();
    const basic = Buffer.from("alice:pa ss/word+1").toString("base64");
    expect(redactHeaders({ authorization: `Basic ${basic}` }, secrets)).toEqual({
      authorization: "Basic [REDACTED]",
    });
    const text = `${basic} alice:pa ss/word+1 ?p=${encodeURIComponent("pa ss/word+1")}`;
    expect(scrubText(text, secrets)).toBe("[REDACTED] [REDACTED] ?p=[REDACTED]");
  });

  it("redacts a short credential in a header, but does not hunt for it elsewhere", () => {
    const secrets = new Set<string>();
    expect(redactHeaders({ "x-api-key": "k-1", "x-empty-token": "" }, secrets)).toEqual({
      "x-api-key": "[REDACTED]",
      "x-empty-token": "",
    });
    expect(scrubText("bk-1 k-1", secrets)).toBe("bk-1 k-1");
  });
});
