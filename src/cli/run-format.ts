import type { RunSnapshot } from "../engine/run-snapshot.ts";
import type { LoadedRun, StoredRun } from "../stores/run-store.ts";

/** Rows under headers, in columns two spaces apart (the last column is not padded). */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  return [headers, ...rows]
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join("");
}

/** How long ago an ISO time was: `just now`, `42s ago`, `5m ago`, `3h ago`, `2d ago`. */
export function ageOf(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (Number.isNaN(seconds)) return iso;
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

/** The number of completed nodes a stored run holds (its "node" events). */
export function nodeCount(loaded: LoadedRun | undefined): number | undefined {
  return loaded?.events.filter((event) => event.kind === "node").length;
}

/** The snapshot of a stored run, as far as it is one (it is the engine's, stored as JSON). */
export function snapshotOf(run: StoredRun): Partial<RunSnapshot> {
  const snapshot = run.snapshot;
  return typeof snapshot === "object" && snapshot !== null && !Array.isArray(snapshot)
    ? (snapshot as unknown as Partial<RunSnapshot>)
    : {};
}

/** The question a pending run waits on, for listings: where, what, and the options. */
export function pendingSummary(
  run: StoredRun,
): { nodeName: string; userPrompt: string; options: Record<number, string> } | undefined {
  if (run.status !== "pending") return undefined;
  const pending = snapshotOf(run).pending;
  if (pending === undefined) return undefined;
  return {
    nodeName: pending.nodeName,
    userPrompt: pending.interaction.userPrompt,
    options: pending.interaction.options,
  };
}

/** `0 = approve, 1 = reject` */
export function optionList(options: Readonly<Record<number, string>>): string {
  return Object.entries(options)
    .map(([option, label]) => `${option} = ${label}`)
    .join(", ");
}

/** Text cut to `max` characters on one line, with `…` when cut. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, " ⏎ ");
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
