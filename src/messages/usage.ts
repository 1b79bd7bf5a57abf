/** Token usage of one model call, or summed over a run. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (a subset of `inputTokens`). */
  cachedInputTokens?: number;
  /** Input tokens written to the provider's prompt cache (a subset of `inputTokens`). */
  cacheWriteTokens?: number;
  /** Output tokens spent on hidden reasoning (a subset of `outputTokens`). */
  reasoningTokens?: number;
}

/** Usage summed over every model message of a run, sub-tasks included. */
export interface UsageMetrics extends Required<Usage> {
  totalTokens: number;
  /** How many model messages carried usage. */
  modelCalls: number;
}

/** A zero `UsageMetrics`. */
export function emptyUsageMetrics(): UsageMetrics {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    totalTokens: 0,
    modelCalls: 0,
  };
}

/** Adds one model call's usage into `into` (mutates and returns it). */
export function addUsage(into: UsageMetrics, usage: Usage): UsageMetrics {
  into.inputTokens += usage.inputTokens;
  into.outputTokens += usage.outputTokens;
  into.cachedInputTokens += usage.cachedInputTokens ?? 0;
  into.cacheWriteTokens += usage.cacheWriteTokens ?? 0;
  into.reasoningTokens += usage.reasoningTokens ?? 0;
  into.totalTokens += usage.inputTokens + usage.outputTokens;
  into.modelCalls += 1;
  return into;
}

/** Adds summed metrics (e.g. a sub-task's) into `into` (mutates and returns it). */
export function addUsageMetrics(into: UsageMetrics, other: UsageMetrics): UsageMetrics {
  into.inputTokens += other.inputTokens;
  into.outputTokens += other.outputTokens;
  into.cachedInputTokens += other.cachedInputTokens;
  into.cacheWriteTokens += other.cacheWriteTokens;
  into.reasoningTokens += other.reasoningTokens;
  into.totalTokens += other.totalTokens;
  into.modelCalls += other.modelCalls;
  return into;
}
