import {
  exampleOf,
  refName,
  typeLabel,
  type OpenApiDoc,
  type Operation,
  type Param,
  type Schema,
} from "./openapi-schema.tsx";

/** The "Try it" form under an operation: sends the request from the browser with the reader's key. */
export function TryIt(p: { method: string; path: string; op: Operation; doc: OpenApiDoc }) {
  const json = p.op.requestBody?.content["application/json"]?.schema;
  const params = (p.op.parameters ?? []).filter((x) => x.in !== "header" || x.name === "idempotency-key");
  const form = p.op.requestBody?.content["multipart/form-data"]?.schema;
  const multipart = form?.$ref ? p.doc.components?.schemas?.[refName(form.$ref)] : form;
  return (
    <details class="try-box">
      <summary>Try it</summary>
      <form class="try" data-method={p.method.toUpperCase()} data-path={p.path}>
        {params.map((x) => (
          <ParamInput param={x} withExample />
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

/** A path, query or header parameter: its name and where it goes, then its input (with the example). */
function ParamInput(p: { param: Param; withExample?: boolean }) {
  const x = p.param;
  const example = x.schema?.example !== undefined ? String(x.schema.example) : "";
  return (
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
        placeholder={p.withExample ? example : undefined}
      />
    </label>
  );
}

/** The same call as multipart/form-data, for operations that take a file upload (e.g. sending media). */
export function TryUpload(p: {
  method: string;
  path: string;
  doc: OpenApiDoc;
  params: Param[];
  schema: Schema;
}) {
  const fields = Object.entries(p.schema.properties ?? {});
  return (
    <form class="try" data-method={p.method.toUpperCase()} data-path={p.path} data-multipart="1">
      <h4>
        Or with a file upload <code>multipart/form-data</code>
      </h4>
      {p.params.map((x) => (
        <ParamInput param={x} />
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
