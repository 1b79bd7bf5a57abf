import type { VariableSite } from "./compile-prompt.ts";
import type { PromptWarning } from "./prompt-warning.ts";

/** What the render-context check needs: the `@` keys a prompt reads, and how it renders. */
export interface ContextDataInput {
  promptName: string;
  /** `@` data keys other than Handlebars' own, with where each is first read. */
  reads: ReadonlyMap<string, VariableSite>;
  /** The prompt renders with `messages()` only. */
  usesMessageHelpers: boolean;
}

/**
 * One NEEDS_CONTEXT warning per `@` key a template reads (`{{@state.step}}` reads `state`):
 * nothing declares those keys, and without a render context that gives them they render empty,
 * which no load-time check can catch.
 */
export function contextDataWarnings(input: ContextDataInput): PromptWarning[] {
  const { promptName, reads, usesMessageHelpers } = input;
  const warnings: PromptWarning[] = [];
  for (const [name, site] of reads) {
    const { partial, ...where } = site;
    const inPartial = partial === undefined ? "" : ` (in partial "${partial}")`;
    const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
    const context = `{ context: { ${key}: … } }`;
    const how = usesMessageHelpers
      ? `messages(inputs, ${context})`
      : `render(inputs, ${context}) or messages(inputs, ${context})`;
    warnings.push({
      code: "NEEDS_CONTEXT",
      message: `Prompt "${promptName}" reads @${name}${inPartial}, which only a render context gives; without one it renders empty. Pass it as ${how}.`,
      promptName,
      ...where,
    });
  }
  return warnings;
}
