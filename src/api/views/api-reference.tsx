import { Layout } from "../../ui/layout.tsx";
import { nonce } from "../../ui/context.ts";
import { Properties, refName, typeLabel, type OpenApiDoc, type Operation } from "./openapi-schema.tsx";
import { TryIt } from "./try-it.tsx";

export type { OpenApiDoc };

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
