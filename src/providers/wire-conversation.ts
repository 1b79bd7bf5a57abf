import type { Message } from "../messages/message.ts";

/**
 * How a provider writes a conversation in its wire format, one message at a time: `add` folds a
 * message into a growing state, `mark` records where the state stands (cheaply), and `output`
 * is what the conversation up to a mark sends, which later `add`s must not change.
 */
export interface WireFold<State, Mark, Output> {
  start(): State;
  /** Folds one message in; throws (before changing the state) when it cannot be sent. */
  add(state: State, message: Message): void;
  mark(state: State): Mark;
  output(state: State, mark: Mark): Output;
}

/** One line of conversation folded so far: the messages, in order, and their state. */
interface Line<State> {
  messages: Message[];
  state: State;
}

/** Where a conversation ending in a given message stands in its line. */
interface Entry<State, Mark> {
  line: Line<State>;
  /** How many messages of the line the conversation holds. */
  length: number;
  mark: Mark;
}

function samePrefix(a: readonly Message[], b: readonly Message[], length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Converts conversations with `fold`, each message once: a conversation that continues one sent
 * before (the same message objects, in the same order, then more) folds in only the new
 * messages. A tool loop sends its whole conversation on every call, so converting it afresh each
 * time would cost more every round. Messages must not change once sent (see `ModelRequest`).
 */
export function wireConversation<State, Mark, Output>(
  fold: WireFold<State, Mark, Output>,
): (messages: readonly Message[]) => Output {
  // Keyed by a conversation's last message: an entry (and the line it holds) lives as long as
  // that message does.
  const entries = new WeakMap<Message, Entry<State, Mark>>();
  // The first message of every line: a conversation that starts otherwise continues none.
  const starts = new WeakSet<Message>();

  return (messages) => {
    const n = messages.length;
    let found: Entry<State, Mark> | undefined;
    let k = n > 0 && starts.has(messages[0] as Message) ? n : 0;
    for (; k > 0; k--) {
      const entry = entries.get(messages[k - 1] as Message);
      if (entry?.length === k && samePrefix(entry.line.messages, messages, k)) {
        found = entry;
        break;
      }
    }
    if (found !== undefined && k === n) return fold.output(found.line.state, found.mark);
    // Continue the line at its end, or (nothing sent before, or a branch off an earlier point of
    // a line) fold a new line from the start.
    let line = found?.line;
    if (line === undefined || line.messages.length !== k) {
      line = { messages: [], state: fold.start() };
      k = 0;
    }
    const continued = k > 0;
    for (; k < n; k++) {
      const message = messages[k] as Message;
      fold.add(line.state, message);
      line.messages.push(message);
    }
    const mark = fold.mark(line.state);
    if (n > 0) {
      if (!continued) starts.add(messages[0] as Message);
      entries.set(messages[n - 1] as Message, { line, length: n, mark });
    }
    return fold.output(line.state, mark);
  };
}
