import { evaluateCondition, renderTemplate, templateError } from "../templates/render.ts";

/**
 * Workflow expressions reuse the one template engine (Liquid with Twig spellings: `{# … #}`
 * comments, `upper`/`lower` filters). The data bundle is reachable both as `__data.<name>` and as
 * `<name>`, so `{{ __data.incoming_whatsapp.text }}` and `{{ incoming_whatsapp.text }}` both work.
 * A missing variable renders empty; an error is a value, never a throw.
 */
export type DataBundle = Record<string, unknown>;

function scope(data: DataBundle): Record<string, unknown> {
  return { ...data, __data: data };
}

export function renderExpression(source: string, data: DataBundle) {
  return renderTemplate(source, scope(data));
}

export function evaluateExpression(condition: string, data: DataBundle) {
  return evaluateCondition(condition, scope(data));
}

/** For the editor: the syntax error of a text with expressions, or null. */
export function expressionError(source: string): string | null {
  return templateError(source);
}

/** For the editor: the syntax error of a condition, checked the way it will run. */
export function conditionError(condition: string): string | null {
  if (condition.trim() === "") return "Enter a condition.";
  if (/%\}|\{%|\{\{|\}\}/.test(condition)) return "Write the condition without {% %} or {{ }}.";
  return templateError(`{% if ${condition} %}true{% endif %}`);
}
