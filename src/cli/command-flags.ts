/** The flags that load a task, shared by `alice run` and `alice resume`. */
export const LOAD_FLAGS = {
  tools: { type: "string" },
  model: { type: "string" },
  mock: { type: "string" },
} as const;

/** The output flags, shared by `alice run` and `alice resume`. */
export const OUTPUT_FLAGS = {
  json: { type: "boolean" },
  stream: { type: "boolean" },
  "no-stream": { type: "boolean" },
  verbose: { type: "boolean" },
} as const;
