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

/** For the editor (and again before a condition runs): the syntax error of a condition, or null. */
export function conditionError(condition: string): string | null {
  if (condition.trim() === "") return "Enter a condition.";
  if (/%\}|\{%|\{\{|\}\}/.test(condition)) return "Write the condition without {% %} or {{ }}.";
  return conditionShapeError(condition) ?? templateError(`{% if ${condition} %}true{% endif %}`);
}

const COMPARE = /(==|!=|<>|<=|>=|<|>)/g;
const OPERATORS = new Set(["==", "!=", "<>", "<=", ">=", "<", ">", "contains", "and", "or"]);

/**
 * Liquid is lenient where a condition must not be: `x ==` or `x = 1` parse as something that is
 * simply true, so a half-written guard would let every run through. A condition must read
 * value, operator, value, … (quoted texts count as one value), with the spellings Liquid knows.
 */
function conditionShapeError(condition: string): string | null {
  const bare = condition.replace(/'[^']*'|"[^"]*"/g, " S ");
  if (/&&|\|\|/.test(bare)) return "Combine conditions with and / or (not && or ||).";
  if (/===|!==/.test(bare)) return "Compare with == or != (not === or !==).";
  if (/(^|[^=!<>])=(?!=)/.test(bare)) return "Compare with == (two equals signs).";
  if (/(^|\s)not\s/.test(bare) || /!(?!=)/.test(bare))
    return "Write x == false or x != 'text' instead of not / !.";
  const tokens = bare.replace(COMPARE, " $1 ").trim().split(/\s+/);
  for (let i = 0; i < tokens.length; i++) {
    const isOperator = OPERATORS.has(tokens[i]!); // Liquid's and / or / contains are lower case only
    if (i % 2 === 0 && isOperator) return `A value is missing before ${tokens[i]}.`;
    if (i % 2 === 1 && !isOperator) return `Expected ==, !=, <, >, contains, and or or before ${tokens[i]}.`;
  }
  if (tokens.length % 2 === 0)
    return `The condition ends with ${tokens.at(-1)}: add the value to compare with.`;
  return null;
}
