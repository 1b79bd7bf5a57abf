/** Splits text into word-like pieces (`"The answer"` → `["The", " answer"]`) that join back exactly. */
export function splitWords(text: string): string[] {
  return text === "" ? [] : text.split(/(?=\s)/);
}

/** Splits text into pieces of at most `size` code points (never inside a surrogate pair). */
export function splitCodePoints(text: string, size: number): string[] {
  const points = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < points.length; i += size) pieces.push(points.slice(i, i + size).join(""));
  return pieces;
}
