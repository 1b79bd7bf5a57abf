import { redactSecrets } from "alice-agents";
import { describe, expect, it } from "vitest";

describe("redactSecrets", () => {
  it.each([
    ["postgres://app:hunter2@db:5432/x", "postgres://app:[redacted]@db:5432/x"],
    ["Authorization: Bearer abcdefghijklmnop", "Authorization: Bearer [redacted]"],
    ["key sk-proj-abcdefghijklmnopqrstuvwx used", "key [redacted] used"],
    ["anthropic sk-ant-api03-abcdefgh", "anthropic [redacted]"],
    ['{"api_key": "s3cr3t-value"}', '{"api_key": "[redacted]"}'],
    ["password=hunter2&user=bob", "password=[redacted]&user=bob"],
    ['{"access_token": "ya29.abc\\"def", "n": 1}', '{"access_token": "[redacted]", "n": 1}'],
    ["{'client_secret': 'abc123xyz'}", "{'client_secret': '[redacted]'}"],
    ["retry with token: abc123xyz", "retry with token: [redacted]"],
  ])("hides %s", (text, expected) => {
    expect(redactSecrets(text, { env: false })).toBe(expected);
  });

  it("hides given values, also where they appear JSON-escaped", () => {
    expect(
      redactSecrets('{"msg":"key ab\\"cdefgh rejected"}', { secrets: ['ab"cdefgh'], env: false }),
    ).toBe('{"msg":"key [redacted] rejected"}');
  });

  it("hides the values of secret-looking environment variables", () => {
    expect(
      redactSecrets("failed with token 12345678abc", {
        env: { MY_SERVICE_TOKEN: "12345678abc", HOME: "/root" },
      }),
    ).toBe("failed with token [redacted]");
  });

  it("keeps JSON valid and leaves model data named like a secret alone", () => {
    const body = JSON.stringify({
      token: "Hello",
      logprobs: [{ token: " world", logprob: -0.1 }],
      usage: { max_tokens: 5, prompt_tokens: 3 },
      limits: { token: 5 },
    });
    expect(redactSecrets(body, { env: false })).toBe(body);
    const secret = JSON.stringify({ api_key: "s3cr3t-value", refreshToken: "r-123456" });
    expect(JSON.parse(redactSecrets(secret, { env: false }))).toEqual({
      api_key: "[redacted]",
      refreshToken: "[redacted]",
    });
  });
});
