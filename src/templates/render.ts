import { Liquid } from "liquidjs";

/**
 * The one template engine (Liquid, Twig-like syntax) for message templates and workflow expressions.
 * Output is plain text: never evaluated as code, never HTML-escaped here (views escape on display).
 * A missing variable renders empty; a syntax error comes back as a message, never a throw.
 */
const engine = new Liquid({
  strictVariables: false,
  strictFilters: true,
  ownPropertyOnly: true,
  jsTruthy: true,
  cache: 200,
  // No file lookups: without this, {% include 'data/secret.key' %} read files under the working folder.
  templates: {},
});
// Twig spellings of Liquid's filters, so both styles read naturally in a template.
engine.registerFilter("upper", (v: unknown) => String(v ?? "").toUpperCase());
engine.registerFilter("lower", (v: unknown) => String(v ?? "").toLowerCase());

export type RenderResult = { ok: true; text: string } | { ok: false; error: string };

/**
 * Twig/Jinja `{# … #}` comments are dropped before Liquid sees the text, in one pass: each search
 * starts where the last one ended, and a `{#` that is never closed ends the search (every later one
 * is unclosed too), so the text is read once. An unclosed `{#` stays as text.
 */
function stripComments(source: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const open = source.indexOf("{#", from);
    const close = open === -1 ? -1 : source.indexOf("#}", open + 2);
    if (close === -1) return out + source.slice(from);
    out += source.slice(from, open);
    from = close + 2;
  }
}

const LIMITS = { templateLength: 20_000, renderLimitMs: 200, memoryLimit: 1_000_000 };

function lengthError(source: string): string | null {
  return source.length > LIMITS.templateLength
    ? `Template is longer than ${LIMITS.templateLength} characters.`
    : null;
}

export async function renderTemplate(source: string, data: Record<string, unknown>): Promise<RenderResult> {
  const tooLong = lengthError(source);
  if (tooLong) return { ok: false, error: tooLong };
  try {
    const text = await engine.parseAndRender(stripComments(source), data, {
      renderLimit: LIMITS.renderLimitMs,
      memoryLimit: LIMITS.memoryLimit,
    });
    return { ok: true, text };
  } catch (err) {
    return { ok: false, error: (err as Error).message.split("\n")[0] ?? "Template error" };
  }
}

/** Evaluates a condition such as `__data.incoming_whatsapp.is_group == false`. */
export async function evaluateCondition(
  expression: string,
  data: Record<string, unknown>,
): Promise<{ ok: true; value: boolean } | { ok: false; error: string }> {
  const result = await renderTemplate(
    `{% if ${expression.replace(/%\}/g, "")} %}true{% else %}false{% endif %}`,
    data,
  );
  return result.ok ? { ok: true, value: result.text === "true" } : result;
}

/** Checks syntax without data, for the editors (the length first: nothing longer is ever read). */
export function templateError(source: string): string | null {
  const tooLong = lengthError(source);
  if (tooLong) return tooLong;
  try {
    engine.parse(stripComments(source));
    return null;
  } catch (err) {
    return (err as Error).message.split("\n")[0] ?? "Template error";
  }
}
