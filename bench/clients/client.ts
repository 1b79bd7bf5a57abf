/** What every benchmark client offers: one agent run of the scenario, without and with streaming. */
export interface AgentClient {
  /** Runs the agent once without streaming; resolves to the final text. */
  run(): Promise<string>;
  /** Runs the agent once, streaming every model answer and reading its text deltas as they arrive. */
  runStream?(): Promise<string>;
}

/** Where a client finds the mock server, and how long its runs are. */
export interface ClientOptions {
  /** `http://127.0.0.1:PORT/v1` */
  baseURL: string;
  /** Tool rounds the mock asks for per run (`modelFor`), and the turn bound set by it. @default 1 */
  toolRounds?: number;
}

/** A client module's factory: builds the agent once (the definition) for many runs. */
export type CreateClient = (options: ClientOptions) => AgentClient | Promise<AgentClient>;
