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
});
