/**
 * Checks the import graph of src/ the way docs/architecture.md draws it: no import cycle, and no
 * import that points up the layers. Prints every problem and exits 1; prints one line and exits 0
 * when there is none. CI runs it on src/; the tests run it on scratch trees.
 *   node scripts/check-imports.ts [src-dir]
 *
 * An import is any static `import … from`, `import "…"`, `export … from`, `import type`,
 * `typeof import("…")` and a dynamic `import("…")` with a literal path, relative to the file (or
 * the package's own name, resolved through package.json's "alice-source" export condition).
 * Imports of dependencies and of files outside src/ are not part of the graph.
 *
 * Type-only imports count. They vanish from the JavaScript, so they cannot cause a module to be
 * read half-initialised, but the rule is about design, not load order: a file that needs a type
 * from a layer above cannot be read, tested or reused without that layer, which is the coupling a
 * cycle means (issue 13 counts the engine's cycle with its type imports, and its cure is a narrow
 * interface at the bottom, as final-response.ts's ResponseSource does).
 *
 * The TypeScript parser (a dev dependency already) finds the imports, so a path in a comment or a
 * string is never taken for one.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/**
 * The folders of src/, lowest layer first; a file may import from its own folder and from the
 * layers below its own. `src/index.ts` is the root entry, above every layer. A folder that is
 * not listed here is a problem to fix here, so that where a new folder sits is a decision.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["errors"],
  ["messages"],
  ["schema"],
  ["tools", "prompts", "providers", "testing", "stores"],
  ["engine"],
  ["agents"],
  ["task-files"],
  ["cli"],
];

/**
 * Imports between two folders of the same layer that are allowed, as "from → to". Any other
 * import across a layer's folders is a problem, since neither folder may reach into a sibling.
 */
export const SIBLING_IMPORTS: readonly string[] = [
  // The testing kit mocks the providers' wire formats and waits with their one abortable sleep.
  "testing → providers",
];

/** One import of a file in the graph by another. */
export interface ImportEdge {
  /** Paths from the checked folder's parent, with forward slashes: `src/engine/run-loop.ts`. */
  from: string;
  to: string;
  line: number;
  /** `import type`, `export type`, every name marked `type`, or `typeof import(…)`. */
  typeOnly: boolean;
}

/** The files of the checked folder and the imports between them. */
export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
}

/** Every `.ts` file under `dir` (declaration files left out), relative to `base`, sorted. */
function listSources(dir: string, base: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...listSources(path, base));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) found.push(toKey(base, path));
  }
  return found.sort();
}

function toKey(base: string, path: string): string {
  return relative(base, path).split(sep).join("/");
}

/** The package's own name and its "alice-source" export targets, when package.json is found. */
function readSelfExports(srcDir: string): { name: string; targets: Map<string, string> } | null {
  const manifestPath = join(srcDir, "..", "package.json");
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    name?: string;
    exports?: Record<string, unknown>;
  };
  if (manifest.name === undefined) return null;
  const targets = new Map<string, string>();
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const source = (target as { "alice-source"?: unknown } | null)?.["alice-source"];
    if (typeof source === "string") {
      targets.set(`${manifest.name}${subpath.slice(1)}`, resolve(srcDir, "..", source));
    }
  }
  return { name: manifest.name, targets };
}

/** A module specifier with its line and whether only types come through it. */
interface Specifier {
  text: string;
  node: ts.Node;
  typeOnly: boolean;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (clause === undefined) return false; // import "./x.ts" runs the module
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return (
    clause !== undefined &&
    ts.isNamedExports(clause) &&
    clause.elements.length > 0 &&
    clause.elements.every((element) => element.isTypeOnly)
  );
}

/** Every module specifier in a source file, static and dynamic, with a literal path. */
function findSpecifiers(file: ts.SourceFile): Specifier[] {
  const found: Specifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({
        text: node.moduleSpecifier.text,
        node: node.moduleSpecifier,
        typeOnly: isTypeOnlyImport(node),
      });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({
        text: node.moduleSpecifier.text,
        node: node.moduleSpecifier,
        typeOnly: isTypeOnlyExport(node),
      });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ text: node.arguments[0].text, node: node.arguments[0], typeOnly: false });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ text: node.argument.literal.text, node: node.argument, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Reads every source file under `srcDir` and the imports between them. */
export function readImportGraph(srcDir: string): ImportGraph {
  const root = resolve(srcDir);
  const files = listSources(root, dirname(root));
  const known = new Set(files);
  const self = readSelfExports(root);
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const path = join(dirname(root), from);
    const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest);
    for (const specifier of findSpecifiers(source)) {
      const target = specifier.text.startsWith(".")
        ? resolve(dirname(path), specifier.text)
        : self?.targets.get(specifier.text);
      if (target === undefined) continue; // a dependency or node: builtin
      const to = toKey(dirname(root), target);
      if (!known.has(to)) continue; // outside src/ (package.json), or not a .ts file
      const { line } = source.getLineAndCharacterOfPosition(specifier.node.getStart(source));
      edges.push({ from, to, line: line + 1, typeOnly: specifier.typeOnly });
    }
  }
  return { files, edges };
}

/** The strongly connected components with more than one file or an import of itself (Tarjan). */
function tangledGroups(files: readonly string[], next: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || (next.get(file) ?? []).includes(file)) groups.push(group.sort());
  };
  for (const file of files) if (!index.has(file)) connect(file);
  return groups;
}

/** The shortest path from `start` to `goal` inside `group` (both ends included). */
function shortestPath(
  start: string,
  goal: string,
  group: ReadonlySet<string>,
  next: Map<string, string[]>,
): string[] {
  const cameFrom = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]!;
    if (file === goal) break;
    for (const to of next.get(file) ?? []) {
      if (group.has(to) && !cameFrom.has(to)) {
        cameFrom.set(to, file);
        queue.push(to);
      }
    }
  }
  const path: string[] = [];
  for (let at: string | null | undefined = goal; at != null; at = cameFrom.get(at)) path.push(at);
  return path.reverse();
}

/**
 * The import cycles, each as a list of files whose last is its first. Listing every elementary
 * cycle can explode (a tangle of 8 files has dozens), so each import inside a tangle is shown once,
 * on the shortest cycle through it: every import to cut appears, and no more cycles than imports.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of graph.edges) {
    const targets = next.get(from) ?? [];
    if (!targets.includes(to)) targets.push(to);
    next.set(from, targets);
  }
  const cycles = new Map<string, string[]>();
  for (const group of tangledGroups(graph.files, next)) {
    const members = new Set(group);
    for (const from of group) {
      for (const to of next.get(from) ?? []) {
        if (!members.has(to)) continue;
        const cycle = [from, ...shortestPath(to, from, members, next)];
        // The same cycle found from another of its imports: one rotation, starting at its least file.
        const ring = cycle.slice(1);
        const start = ring.indexOf([...ring].sort()[0]!);
        const rotated = [...ring.slice(start), ...ring.slice(0, start)];
        cycles.set(rotated.join("\n"), [...rotated, rotated[0]!]);
      }
    }
  }
  return [...cycles.values()].sort(
    (a, b) => a.length - b.length || a.join().localeCompare(b.join()),
  );
}

/**
 * The layer of a file (its index in LAYERS), or null when its folder is not listed. The root
 * entries (`src/index.ts`, `src/internal.ts`) are above every layer: they may import anything,
 * and nothing may import them.
 */
function layerOf(file: string): { folder: string; rank: number } | null {
  const [, folder = "", ...rest] = file.split("/");
  if (rest.length === 0)
    return folder === "index.ts" || folder === "internal.ts"
      ? { folder, rank: LAYERS.length }
      : null;
  const rank = LAYERS.findIndex((layer) => layer.includes(folder));
  return rank === -1 ? null : { folder, rank };
}

/** Imports that point up the layers or across to a sibling folder not allowed in SIBLING_IMPORTS. */
export function findLayerProblems(graph: ImportGraph): string[] {
  const problems: string[] = [];
  for (const file of graph.files) {
    if (layerOf(file) === null) {
      problems.push(`${file} is in no layer: add its folder to LAYERS in scripts/check-imports.ts`);
    }
  }
  for (const edge of graph.edges) {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (from === null || to === null || from.folder === to.folder) continue;
    const where = `${edge.from}:${edge.line} imports${edge.typeOnly ? " types from" : ""} ${edge.to}`;
    if (to.rank > from.rank) {
      problems.push(`${where}: ${from.folder} may not import ${to.folder}, a layer above it`);
    } else if (
      to.rank === from.rank &&
      !SIBLING_IMPORTS.includes(`${from.folder} → ${to.folder}`)
    ) {
      problems.push(
        `${where}: ${from.folder} may not import ${to.folder}, a sibling in the same layer (allowed: ${SIBLING_IMPORTS.join(", ")})`,
      );
    }
  }
  return problems;
}

/** Every problem of the import graph under `srcDir`, as the lines the script prints. */
export function checkImports(srcDir: string): { graph: ImportGraph; problems: string[] } {
  const graph = readImportGraph(srcDir);
  const cycles = findCycles(graph);
  const problems = [
    ...cycles.map((cycle) => `import cycle: ${cycle.join(" → ")}`),
    ...findLayerProblems(graph),
  ];
  return { graph, problems };
}

if (import.meta.main) {
  const srcDir = process.argv[2] ?? join(import.meta.dirname, "..", "src");
  const { graph, problems } = checkImports(srcDir);
  if (problems.length > 0) {
    console.error(`check-imports: ${problems.length} problem(s) in the imports of ${srcDir}:`);
    for (const problem of problems) console.error(`  ${problem}`);
    console.error(`Layers, lowest first: ${LAYERS.map((layer) => layer.join(" | ")).join(" → ")}`);
    process.exit(1);
  }
  console.log(
    `check-imports: ${graph.files.length} files, ${graph.edges.length} imports: no cycle, none up the layers.`,
  );
}
