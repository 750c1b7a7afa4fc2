import type { Child } from "hono/jsx";

/** The parts of an OpenAPI 3.1 document this page reads. */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  example?: unknown;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  const?: unknown;
};
export type Param = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
export type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Param[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { description?: string }>;
};
export type OpenApiDoc = {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

export const refName = (ref: string) => ref.split("/").pop() ?? ref;

/** A one-line type: `string`, `integer | null`, `Message`, `array of Conversation`. */
export function typeLabel(s: Schema | undefined): Child {
  if (!s) return "any";
  if (s.$ref) return <a href={`#schema-${refName(s.$ref)}`}>{refName(s.$ref)}</a>;
  const alts = s.anyOf ?? s.oneOf;
  if (alts)
    return (
      <>
        {alts.map((a, i) => (
          <>
            {i ? " | " : ""}
            {typeLabel(a)}
          </>
        ))}
      </>
    );
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  const t = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "object");
  if (t === "array") return <>array of {typeLabel(s.items)}</>;
  return s.format ? `${t} (${s.format})` : t;
}

export function Properties(p: { schema: Schema; depth?: number }) {
  const props = Object.entries(p.schema.properties ?? {});
  if (props.length === 0) return null;
  return (
    <ul class="schema-props">
      {props.map(([name, s]) => (
        <li>
          <code>{name}</code>
          {p.schema.required?.includes(name) ? (
            <span class="req" title="required">
              {" "}
              *
            </span>
          ) : null}{" "}
          <span class="muted">{typeLabel(s)}</span>
          {s.description ? <div class="muted">{s.description}</div> : null}
          {(p.depth ?? 0) < 3 && s.type === "object" ? (
            <Properties schema={s} depth={(p.depth ?? 0) + 1} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** An example body for the "Try it" box: the schema's own example, else one built from its fields. */
export function exampleOf(s: Schema | undefined, doc: OpenApiDoc, depth = 0): unknown {
  if (!s || depth > 4) return null;
  if (s.example !== undefined) return s.example;
  if (s.$ref) return exampleOf(doc.components?.schemas?.[refName(s.$ref)], doc, depth + 1);
  if (s.enum) return s.enum[0];
  const t = Array.isArray(s.type) ? s.type[0] : s.type;
  if (t === "object" || s.properties) {
    const out: Record<string, unknown> = {};
    for (const name of s.required ?? []) out[name] = exampleOf(s.properties?.[name], doc, depth + 1);
    return out;
  }
  return t === "integer" || t === "number" ? 1 : t === "boolean" ? false : t === "array" ? [] : "";
}
