import { describe, expect, test } from "bun:test";
import {
  conditionError,
  evaluateExpression,
  expressionError,
  renderExpression,
} from "../../src/workflows/expressions.ts";

const data = {
  incoming_whatsapp: {
    text: "yes please",
    display_name: "Ann",
    is_group: false,
    date_received: "2026-01-15T09:30:00.000Z",
    from_number: "+447700900123",
  },
  record: { type: "deal", id: 4, name: "Kitchen refit" },
  channel: { id: 1, name: "Sales", number: "+14155550100" },
};

describe("workflow expressions", () => {
  test("a missing variable renders empty, at any depth", async () => {
    expect(await renderExpression("Hi {{ __data.incoming_whatsapp.nickname }}!", data)).toEqual({
      ok: true,
      text: "Hi !",
    });
    expect(await renderExpression("[{{ __data.nothing.at.all }}][{{ nope }}]", data)).toEqual({
      ok: true,
      text: "[][]",
    });
  });

  test("a missing variable falls back with default", async () => {
    expect(
      await renderExpression("Hi {{ __data.incoming_whatsapp.nickname | default: 'there' }}", data),
    ).toEqual({ ok: true, text: "Hi there" });
  });

  test("upper, lower and date filters; {# comments #} are dropped", async () => {
    const r = await renderExpression(
      "{# shout #}{{ __data.incoming_whatsapp.text | upper }} / {{ __data.record.name | lower }} / {{ __data.incoming_whatsapp.date_received | date: '%Y-%m-%d' }}",
      data,
    );
    expect(r).toEqual({ ok: true, text: "YES PLEASE / kitchen refit / 2026-01-15" });
  });

  test("the bundle is also reachable without __data", async () => {
    expect(
      await renderExpression("{{ incoming_whatsapp.display_name }} on {{ channel.name }}", data),
    ).toEqual({ ok: true, text: "Ann on Sales" });
  });

  test("output is plain text: markup and code stay as they were typed by the customer", async () => {
    const hostile = { incoming_whatsapp: { text: "<script>alert(1)</script>{{ 7 * 7 }}" } };
    expect(await renderExpression("{{ __data.incoming_whatsapp.text }}", hostile)).toEqual({
      ok: true,
      text: "<script>alert(1)</script>{{ 7 * 7 }}",
    });
  });

  test("conditions compare with the engine's own evaluation, never eval", async () => {
    expect(await evaluateExpression("__data.incoming_whatsapp.is_group == false", data)).toEqual({
      ok: true,
      value: true,
    });
    expect(await evaluateExpression("__data.incoming_whatsapp.is_group == true", data)).toEqual({
      ok: true,
      value: false,
    });
    expect(
      await evaluateExpression(
        "__data.incoming_whatsapp.text contains 'yes' and __data.record.id == 4",
        data,
      ),
    ).toEqual({ ok: true, value: true });
    expect(await evaluateExpression("__data.missing == 'x'", data)).toEqual({ ok: true, value: false });
  });

  test("a template error is a value with a message, never a throw", async () => {
    const r = await renderExpression("{{ __data.incoming_whatsapp.text | no_such_filter }}", data);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain("no_such_filter");
    expect(expressionError("{% if %}")).toBeTruthy();
    expect(expressionError("Hello {{ __data.record.name }}")).toBeNull();
    expect(conditionError("")).toBe("Enter a condition.");
    expect(conditionError("a %} {% b")).toBeTruthy();
    expect(conditionError("__data.incoming_whatsapp.is_group == false")).toBeNull();
  });

  test("a half-written or mistyped condition is refused with what to write, not saved as always true", () => {
    expect(conditionError("__data.incoming_whatsapp.message_type ==")).toBe(
      "The condition ends with ==: add the value to compare with.",
    );
    expect(conditionError("__data.incoming_whatsapp.is_group = false")).toBe(
      "Compare with == (two equals signs).",
    );
    expect(conditionError("__data.incoming_whatsapp.text === 'x'")).toBe(
      "Compare with == or != (not === or !==).",
    );
    expect(conditionError("__data.a == 1 && __data.b == 2")).toBe(
      "Combine conditions with and / or (not && or ||).",
    );
    expect(conditionError("not __data.incoming_whatsapp.is_group")).toContain("instead of not");
    expect(conditionError("__data.a == 1 AND __data.b == 2")).toBe(
      "Expected ==, !=, <, >, contains, and or or before AND.",
    );
    expect(conditionError("== 'media'")).toBe("A value is missing before ==.");
    // Well-formed conditions, including operators inside quoted text, pass.
    expect(
      conditionError("__data.incoming_whatsapp.text contains 'a == b and' or __data.record.amount >= 100"),
    ).toBeNull();
    expect(conditionError("__data.record.email != empty and __data.record.owner == nil")).toBeNull();
    expect(conditionError("__data.incoming_whatsapp.is_group")).toBeNull();
  });
});
