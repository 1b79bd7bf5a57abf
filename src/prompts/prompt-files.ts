import { readFile } from "node:fs/promises";
import { posix } from "node:path";
import { PromptError } from "./prompt-error.ts";

/** Reads the files of a prompt folder by their `/`-separated path relative to the folder. */
export interface PromptFileSource {
  /** The file's text, or undefined when it does not exist. */
  read(relativePath: string): Promise<string | undefined>;
  /** Every partial file in the folder, when known, for Genkit's lookup by base name. */
  partialPaths?: readonly string[];
}

/** A prompt file's registry id and variant: `a/b.formal.prompt` → `{ id: "a/b", variant: "formal" }`. */
export function promptIdentity(relativePath: string): { id: string; variant?: string } {
  const withoutExtension = relativePath.replace(/\.prompt$/, "");
  const folder = posix.dirname(withoutExtension);
  const base = posix.basename(withoutExtension);
  const dot = base.lastIndexOf(".");
  const name = dot > 0 ? base.slice(0, dot) : base;
  const id = folder === "." ? name : `${folder}/${name}`;
  return dot > 0 ? { id, variant: base.slice(dot + 1) } : { id };
}

/** True for `_name.prompt` files, which are partials rather than prompts. */
export function isPartialFile(relativePath: string): boolean {
  return posix.basename(relativePath).startsWith("_");
}

/**
 * The files `{{> name}}` may refer to, in order: `_name.prompt` in the calling file's folder,
 * then from the prompts folder's root (so `common/header` is `common/_header.prompt`, like
 * Dotprompt's DirStore), then (like Genkit's folder loader) the one partial anywhere in the folder
 * with that base name, when exactly one exists.
 */
export function partialCandidates(
  name: string,
  fromFolder: string,
  source: PromptFileSource,
): string[] {
  const parts = name.split("/");
  if (name.startsWith("/") || parts.includes("..") || parts.includes(".")) return [];
  const file = `_${parts.pop()}.prompt`;
  const candidates = [
    posix.join(fromFolder, ...parts, file),
    posix.join(...parts, file),
    ...(parts.length === 0 ? uniqueByBase(file, source) : []),
  ];
  return [...new Set(candidates)];
}

function uniqueByBase(file: string, source: PromptFileSource): string[] {
  const matches = (source.partialPaths ?? []).filter((p) => posix.basename(p) === file);
  return matches.length === 1 ? matches : [];
}

/** Reads a prompt file's text as strict UTF-8: bytes that are not UTF-8 are an error, not `�`. */
export async function readPromptText(
  absolutePath: string,
  displayPath: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absolutePath, { signal });
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new PromptError("PROMPT_FILE_INVALID", "The file is not valid UTF-8 text.", {
      filePath: displayPath,
      cause: error,
    });
  }
}
