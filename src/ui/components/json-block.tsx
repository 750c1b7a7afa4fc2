/** Stored JSON shown to a person: indented when it parses, as it was when it does not. */
export function JsonBlock(p: { json: string; class: string }) {
  return <pre class={p.class}>{prettyJson(p.json)}</pre>;
}

function prettyJson(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}
