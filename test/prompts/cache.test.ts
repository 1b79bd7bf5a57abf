import { Prompt, PromptEnvironment } from "alice-agents";
import { describe, expect, it } from "vitest";

describe("compile cache", () => {
  it("compiles a definition once, however many prompts, partial() copies and renders use it", () => {
    const environment = new PromptEnvironment();
    const make = () =>
      new Prompt({
        name: "p",
        content: "Hi {{name}} {{> sig}}",
        partials: { sig: "--" },
        environment,
      });
    const prompt = make();
    make();
    const bound = prompt.partial({ name: "Ann" });
    for (let i = 0; i < 1000; i++) bound.renderUnchecked();
    expect(environment.stats()).toMatchObject({ compiles: 2, cached: 2 });
    expect(bound.renderUnchecked()).toBe("Hi Ann --");
  });

  it("compiles again when the text or the compile options change", () => {
    const environment = new PromptEnvironment();
    new Prompt({ name: "p", content: "a", environment });
    new Prompt({ name: "p", content: "b", environment });
    new Prompt({ name: "p", content: "b", environment, alice: { preventIndent: true } });
    expect(environment.stats().compiles).toBe(3);
  });

  it("keeps at most cacheSize templates, dropping the least recently used", () => {
    const environment = new PromptEnvironment({ cacheSize: 2 });
    const make = (content: string) => new Prompt({ name: "p", content, environment });
    make("a");
    make("b");
    make("a"); // a is now the most recently used
    make("c"); // evicts b
    make("a");
    expect(environment.stats()).toEqual({ compiles: 3, cacheHits: 2, cached: 2 });
    make("b");
    expect(environment.stats().compiles).toBe(4);
  });

  it("lets prompts with different partials of the same name share one environment", () => {
    const environment = new PromptEnvironment();
    const en = new Prompt({
      name: "en",
      content: "{{> hi}}",
      partials: { hi: "Hello" },
      environment,
    });
    const fr = new Prompt({
      name: "fr",
      content: "{{> hi}}",
      partials: { hi: "Bonjour" },
      environment,
    });
    expect([en.renderUnchecked(), fr.renderUnchecked()]).toEqual(["Hello", "Bonjour"]);
  });
});
