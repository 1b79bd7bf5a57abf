// The one MSW setup every test folder uses: the official SDKs make real HTTP requests and MSW
// answers them; a request no handler answers fails the test instead of reaching the network.
import { type SetupServer, setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";

/**
 * An MSW server for one test file: listening before its first test, unhandled requests are
 * errors, handlers added with `server.use` are removed after each test (`handlers` stay), closed
 * after its last test.
 */
export function useMockServer(...handlers: Parameters<typeof setupServer>): SetupServer {
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}
