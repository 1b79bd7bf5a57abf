/** A TypeScript type as the generated declarations print it. */
export type TypeNode =
  | {
      kind: "name";
      name: "string" | "number" | "boolean" | "null" | "undefined" | "unknown" | "never";
    }
  | { kind: "literal"; value: string | number | boolean }
  | { kind: "array"; element: TypeNode; readonly: boolean }
  | { kind: "object"; properties: readonly PropertyNode[]; index?: TypeNode }
  | { kind: "union"; members: readonly TypeNode[] }
  | { kind: "intersection"; members: readonly TypeNode[] };

/** One property of an object type, with its TSDoc lines. */
export interface PropertyNode {
  name: string;
  optional: boolean;
  type: TypeNode;
  doc: readonly string[];
}

/** Prints a type; objects span lines, indented from `indent`. */
export function printType(node: TypeNode, indent: string): string {
  switch (node.kind) {
    case "name":
      return node.name;
    case "literal":
      return JSON.stringify(node.value);
    case "array": {
      const element = printType(node.element, indent);
      const wrapped =
        node.element.kind === "union" ||
        node.element.kind === "intersection" ||
        (node.element.kind === "array" && node.element.readonly)
          ? `(${element})`
          : element;
      return `${node.readonly ? "readonly " : ""}${wrapped}[]`;
    }
    case "union":
      return node.members
        .map((m) =>
          m.kind === "intersection" ? `(${printType(m, indent)})` : printType(m, indent),
        )
        .join(" | ");
    case "intersection":
      return node.members
        .map((m) => (m.kind === "union" ? `(${printType(m, indent)})` : printType(m, indent)))
        .join(" & ");
    case "object":
      return printObject(node.properties, node.index, indent);
    default: {
      const never: never = node;
      return String(never);
    }
  }
}

function printObject(
  properties: readonly PropertyNode[],
  index: TypeNode | undefined,
  indent: string,
): string {
  if (properties.length === 0) return `Record<string, ${printType(index ?? UNKNOWN, indent)}>`;
  const inner = `${indent}  `;
  const lines = ["{"];
  for (const property of properties) {
    lines.push(...printDoc(property.doc, inner));
    const mark = property.optional ? "?" : "";
    lines.push(`${inner}${propertyKey(property.name)}${mark}: ${printType(property.type, inner)};`);
  }
  if (index !== undefined) lines.push(`${inner}[key: string]: ${printType(index, inner)};`);
  lines.push(`${indent}}`);
  return lines.join("\n");
}

/** A TSDoc comment (`*\/` in the text cannot end it early), or nothing. */
export function printDoc(lines: readonly string[], indent: string): string[] {
  const safe = lines.map((line) => line.replaceAll("*/", "*\\/").trimEnd());
  if (safe.length === 0) return [];
  if (safe.length === 1) return [`${indent}/** ${safe[0]} */`];
  return [
    `${indent}/**`,
    ...safe.map((line) => `${indent} *${line === "" ? "" : ` ${line}`}`),
    `${indent} */`,
  ];
}

/** A property name as written in a type: bare when it is an identifier, else quoted. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

const UNKNOWN: TypeNode = { kind: "name", name: "unknown" };
