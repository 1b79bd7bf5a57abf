/** A CheckTask's reading of an answer: the decided code, or why there is none. */
export type Decision =
  | { code: number; word: string }
  | { code: undefined; reason: "none" | "conflict"; words: string[] };

const NEGATION =
  /\b(?:not|no|never|isn't|is not|wasn't|cannot|can't|won't|don't|doesn't|didn't|nor)\s*$/i;

/**
 * Finds the decision in a model's answer: each key of `map` is matched as a whole word
 * (case-insensitive, any whitespace between its words), a match right after a negation ("NOT
 * APPROVED") does not count, and the answer decides only when every counted match maps to the
 * same code. No match or two different codes: no decision.
 */
export function findDecision(text: string, map: Readonly<Record<string, number>>): Decision {
  const found = new Map<number, string>();
  const words: string[] = [];
  for (const [word, code] of Object.entries(map)) {
    const pattern = word.trim().split(/\s+/).map(escapeRegExp).join("\\s+");
    for (const match of text.matchAll(new RegExp(`(?<![\\w])${pattern}(?![\\w])`, "gi"))) {
      const before = text.slice(Math.max(0, match.index - 24), match.index);
      if (NEGATION.test(before)) continue;
      found.set(code, word);
      words.push(word);
    }
  }
  const [only] = found;
  if (found.size === 1 && only !== undefined) return { code: only[0], word: only[1] };
  return {
    code: undefined,
    reason: found.size === 0 ? "none" : "conflict",
    words: [...new Set(words)],
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
