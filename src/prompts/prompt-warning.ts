/** What a prompt warning is about. */
export type PromptWarningCode =
  | "UNUSED_VARIABLE"
  | "UNKNOWN_KEY"
  | "UNKNOWN_EXTENSION"
  | "VERSION_NOT_STRING"
  | "UNUSED_DEFAULT"
  | "PARTIAL_FRONTMATTER"
  | "SKIPPED_FILE"
  | "UNUSED_CONFIG_KEY"
  | "NEEDS_CONTEXT";

/**
 * Something worth fixing that does not stop a prompt from working: a declared variable the
 * template never uses, an unknown frontmatter key. Plain data, so it can be logged or asserted on.
 */
export interface PromptWarning {
  code: PromptWarningCode;
  message: string;
  promptName?: string;
  filePath?: string;
  line?: number;
  column?: number;
}

/** Receives each warning as it is found; the default keeps them only on `prompt.warnings`. */
export type PromptWarningHandler = (warning: PromptWarning) => void;
