import type { Child } from "hono/jsx";
import { Layout } from "../../ui/layout.tsx";
import { nonce } from "../../ui/context.ts";

/** The parts of an OpenAPI 3.1 document this page reads. */
type Schema = {
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
type Param = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
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

const refName = (ref: string) => ref.split("/").pop() ?? ref;

/** A one-line type: `string`, `integer | null`, `Message`, `array of Conversation`. */
function typeLabel(s: Schema | undefined): Child {
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

function Properties(p: { schema: Schema; depth?: number }) {
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

function TryIt(p: { method: string; path: string; op: Operation; doc: OpenApiDoc }) {
  const json = p.op.requestBody?.content["application/json"]?.schema;
  const params = (p.op.parameters ?? []).filter((x) => x.in !== "header" || x.name === "idempotency-key");
  const form = p.op.requestBody?.content["multipart/form-data"]?.schema;
  const multipart = form?.$ref ? p.doc.components?.schemas?.[refName(form.$ref)] : form;
  return (
    <details class="try-box">
      <summary>Try it</summary>
      <form class="try" data-method={p.method.toUpperCase()} data-path={p.path}>
        {params.map((x) => (
          <label class="try-param">
            <span>
              <code>{x.name}</code>{" "}
              <small class="muted">
                {x.in}
                {x.required ? ", required" : ""}
              </small>
            </span>
            <input
              type="text"
              name={x.name}
              data-in={x.in}
              required={x.required}
              placeholder={x.schema?.example !== undefined ? String(x.schema.example) : ""}
            />
          </label>
        ))}
        {json ? (
          <label class="try-param">
            <span>JSON body</span>
            <textarea name="body" rows={6} class="mono">
              {JSON.stringify(exampleOf(json, p.doc), null, 2)}
            </textarea>
          </label>
        ) : null}
        <p class="actions">
          <button type="submit" class="small">
            Send {p.method.toUpperCase()}
          </button>
        </p>
        <div class="try-result" aria-live="polite"></div>
      </form>
      {multipart ? <TryUpload {...p} params={params} schema={multipart} /> : null}
    </details>
  );
}

/** The same call as multipart/form-data, for operations that take a file upload (e.g. sending media). */
function TryUpload(p: { method: string; path: string; doc: OpenApiDoc; params: Param[]; schema: Schema }) {
  const fields = Object.entries(p.schema.properties ?? {});
  return (
    <form class="try" data-method={p.method.toUpperCase()} data-path={p.path} data-multipart="1">
      <h4>
        Or with a file upload <code>multipart/form-data</code>
      </h4>
      {p.params.map((x) => (
        <label class="try-param">
          <span>
            <code>{x.name}</code>{" "}
            <small class="muted">
              {x.in}
              {x.required ? ", required" : ""}
            </small>
          </span>
          <input type="text" name={x.name} data-in={x.in} required={x.required} />
        </label>
      ))}
      {fields.map(([name, f]) => (
        <label class="try-param">
          <span>
            <code>{name}</code> <small class="muted">{typeLabel(f)}</small>
          </span>
          <input
            type={f.format === "binary" ? "file" : "text"}
            name={name}
            data-in="form"
            placeholder={f.format === "binary" ? undefined : f.example !== undefined ? String(f.example) : ""}
          />
        </label>
      ))}
      <p class="actions">
        <button type="submit" class="small">
          Upload with {p.method.toUpperCase()}
        </button>
      </p>
      <div class="try-result" aria-live="polite"></div>
    </form>
  );
}

function OperationView(p: { method: string; path: string; op: Operation; doc: OpenApiDoc }) {
  const op = p.op;
  const bodies = Object.entries(op.requestBody?.content ?? {});
  return (
    <article class="card api-op" id={op.operationId}>
      <h3>
        <span class={`verb verb-${p.method}`}>{p.method.toUpperCase()}</span> <code>{p.path}</code>
      </h3>
      <p>
        {op.summary}
        {op.security && op.security.length === 0 ? null : op.security ? (
          <span class="badge">API key</span>
        ) : (
          <span class="badge">no key</span>
        )}
      </p>
      {op.description ? <p class="muted pre">{op.description}</p> : null}
      {op.parameters?.length ? (
        <>
          <h4>Parameters</h4>
          <ul class="schema-props">
            {op.parameters.map((x) => (
              <li>
                <code>{x.name}</code>{" "}
                <span class="muted">
                  in {x.in}
                  {x.required ? ", required" : ""}, {typeLabel(x.schema)}
                </span>
                {x.description ? <div class="muted">{x.description}</div> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {bodies.map(([type, b]) => (
        <>
          <h4>
            Body <code>{type}</code>
          </h4>
          {b.schema?.$ref ? <p>{typeLabel(b.schema)}</p> : null}
          <Properties
            schema={
              b.schema?.$ref ? (p.doc.components?.schemas?.[refName(b.schema.$ref)] ?? {}) : (b.schema ?? {})
            }
          />
        </>
      ))}
      <h4>Responses</h4>
      <ul class="schema-props">
        {Object.entries(op.responses).map(([status, r]) => (
          <li>
            <code>{status}</code> {r.description}
          </li>
        ))}
      </ul>
      <TryIt {...p} />
    </article>
  );
}

/** The interactive reference, rendered on our own origin from the live OpenAPI document: no CDN, no inline script. */
export function ApiReferencePage(p: { doc: OpenApiDoc; scriptUrl: string }) {
  const ops = Object.entries(p.doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
  const tags = [...new Set(ops.map((o) => o.op.tags?.[0] ?? "Other"))];
  return (
    <Layout title="API reference">
      <div class="page-head">
        <h1>
          {p.doc.info.title} <small class="muted">{p.doc.info.version}</small>
        </h1>
        <a class="button secondary" href="/api/openapi.json">
          openapi.json
        </a>
      </div>
      <section class="card">
        <p class="pre">{p.doc.info.description}</p>
        <p>
          Base URL: <code>{p.doc.servers?.[0]?.url ?? ""}</code>
        </p>
        <label class="try-param" for="api-key">
          <span>
            API key for "Try it" <small class="muted">(kept in this tab only)</small>
          </span>
          <input id="api-key" type="password" autocomplete="off" placeholder="pbx_…" />
        </label>
      </section>
      <nav class="api-toc" aria-label="Operations">
        {tags.map((tag) => (
          <div>
            <strong>{tag}</strong>
            <ul>
              {ops
                .filter((o) => (o.op.tags?.[0] ?? "Other") === tag)
                .map((o) => (
                  <li>
                    <a href={`#${o.op.operationId}`}>
                      {o.method.toUpperCase()} {o.path}
                    </a>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </nav>
      {tags.map((tag) => (
        <section>
          <h2>{tag}</h2>
          {ops
            .filter((o) => (o.op.tags?.[0] ?? "Other") === tag)
            .map((o) => (
              <OperationView method={o.method} path={o.path} op={o.op} doc={p.doc} />
            ))}
        </section>
      ))}
      <section>
        <h2>Schemas</h2>
        {Object.entries(p.doc.components?.schemas ?? {}).map(([name, s]) => (
          <article class="card api-schema" id={`schema-${name}`}>
            <h3>{name}</h3>
            {s.description ? <p class="muted">{s.description}</p> : null}
            <Properties schema={s} />
          </article>
        ))}
      </section>
      <script src={p.scriptUrl} nonce={nonce()} defer></script>
    </Layout>
  );
}
