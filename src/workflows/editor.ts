import { z } from "zod";
import { applyCountryPrefix } from "../phone.ts";
import type { FormBody } from "../web/forms.ts";
import { one } from "../web/forms.ts";
import { RECORD_TYPES, updatableFields, type RecordType } from "../records/api.ts";
import { conditionError, expressionError } from "./expressions.ts";
import { ATTACHMENTS, STEP_KINDS, WAIT_UNITS, type Step, type StepKind } from "./steps.ts";
import { scopeFromForm, validateScope, type ScopeChoices, type ScopeDraft } from "./editor-scope.ts";
import type { ChannelScope } from "./scope.ts";
import type { Workflow, WorkflowInput } from "./store.ts";

/**
 * The editor works on a draft: what the person typed, as strings, so a form with mistakes comes
 * back exactly as it was sent with the errors next to the fields. Saving turns a valid draft into steps.
 */
export type DraftStep = { kind: StepKind; v: Record<string, string> };
export type Draft = ScopeDraft & {
  name: string;
  recordType: string;
  enabled: boolean;
  pattern: string;
  steps: DraftStep[];
};
export type DraftErrors = Record<string, string | undefined>;

export const STEP_FIELDS = [
  "expression",
  "channel",
  "recipient",
  "recipient_phone",
  "text",
  "attachment",
  "file_sha",
  "file_mime",
  "file_size",
  "file_name",
  "file_sig",
  "amount",
  "unit",
  "target",
  "field",
  "value",
  "url",
] as const;
const MAX_STEPS = 30;

export function emptyDraft(recordType: string): Draft {
  return {
    name: "",
    recordType: (RECORD_TYPES as readonly string[]).includes(recordType) ? recordType : "contact",
    enabled: true,
    pattern: "",
    steps: [],
    allChannels: false,
    channelIds: [],
  };
}

/** A saved workflow as the editor shows it; `scope` is what this person may tick (scopeForEditor). */
export function draftFromWorkflow(w: Workflow, scope: ScopeDraft): Draft {
  return {
    name: w.name,
    recordType: w.record_type,
    enabled: w.enabled === 1,
    pattern: w.pattern,
    steps: w.steps.map(draftStep),
    ...scope,
  };
}

export function draftStep(s: Step): DraftStep {
  switch (s.kind) {
    case "condition":
      return { kind: s.kind, v: { expression: s.expression } };
    case "send_whatsapp":
      return {
        kind: s.kind,
        v: {
          channel: String(s.channel),
          recipient: s.recipient === "sender" ? "sender" : "phone",
          recipient_phone: s.recipient === "sender" ? "" : s.recipient,
          text: s.text,
          attachment: s.attachment,
          file_sha: s.file?.sha256 ?? "",
          file_mime: s.file?.mime ?? "",
          file_size: String(s.file?.size ?? ""),
          file_name: s.file?.fileName ?? "",
          file_sig: "",
        },
      };
    case "wait":
      return { kind: s.kind, v: { amount: String(s.amount), unit: s.unit } };
    case "save_media":
      return { kind: s.kind, v: {} };
    case "notify":
      return { kind: s.kind, v: { target: String(s.target), text: s.text } };
    case "update_field":
      return { kind: s.kind, v: { field: s.field, value: s.value } };
    case "webhook":
      return { kind: s.kind, v: { url: s.url } };
  }
}

/** Reads the editor form: `name`, `record_type`, `enabled`, `pattern`, the channels, `s.<i>.<field>`. */
export function draftFromForm(body: FormBody): Draft {
  const steps: DraftStep[] = [];
  for (let i = 0; i < MAX_STEPS; i++) {
    const kind = one(body, `s.${i}.kind`);
    if (!kind) break;
    if (!(STEP_KINDS as readonly string[]).includes(kind)) continue;
    const v: Record<string, string> = {};
    for (const f of STEP_FIELDS) v[f] = one(body, `s.${i}.${f}`);
    steps.push({ kind: kind as StepKind, v });
  }
  return {
    name: one(body, "name"),
    recordType: one(body, "record_type"),
    enabled: one(body, "enabled") === "1",
    pattern: one(body, "pattern"),
    steps,
    ...scopeFromForm(body),
  };
}

/** Add / remove / move a step: `add`, `remove:<i>`, `up:<i>`, `down:<i>`. Unknown operations change nothing. */
export function applyOperation(
  draft: Draft,
  op: string,
  addKind: string,
  fresh: (kind: StepKind) => DraftStep,
): Draft {
  const steps = [...draft.steps];
  const [name, raw] = op.split(":");
  const i = Number(raw);
  if (name === "add" && (STEP_KINDS as readonly string[]).includes(addKind) && steps.length < MAX_STEPS)
    steps.push(fresh(addKind as StepKind));
  else if (name === "remove" && steps[i]) steps.splice(i, 1);
  else if (name === "up" && i > 0 && steps[i]) [steps[i - 1], steps[i]] = [steps[i]!, steps[i - 1]!];
  else if (name === "down" && steps[i] && steps[i + 1]) [steps[i], steps[i + 1]] = [steps[i + 1]!, steps[i]!];
  return { ...draft, steps };
}

/** What the editing person may choose; ScopeChoices' channelIds are the live channels they may use. */
export type EditorChoices = ScopeChoices & {
  /** The country prefix of a channel (the same rule as every other send path); "" for none. */
  countryPrefixOf: (channelId: number) => string;
  userIds: Set<number>;
  /** Signs an uploaded file's fields, so a form cannot point a step at someone else's media. */
  fileSignature: (v: Record<string, string>) => string;
};

/** Validates a draft for saving: every field checked, every expression parsed, so a run never meets a typo. */
export function validateDraft(
  draft: Draft,
  choices: EditorChoices,
): { ok: true; input: WorkflowInput } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const name = draft.name.trim();
  if (!name) errors.name = "Enter a name.";
  else if (name.length > 100) errors.name = "Use at most 100 characters.";
  if (!(RECORD_TYPES as readonly string[]).includes(draft.recordType))
    errors.record_type = "Choose a record type.";
  if (draft.pattern.length > 500) errors.pattern = "Use at most 500 characters.";
  const scope = validateScope(draft, choices, errors);
  // A workflow without steps would fill its run log with runs that do nothing.
  if (draft.steps.length === 0) errors.steps = "Add at least one step.";
  const steps: Step[] = [];
  draft.steps.forEach((d, i) => {
    const step = validateStep(d, i, { recordType: draft.recordType, scope }, choices, errors);
    if (step) steps.push(step);
  });
  if (Object.values(errors).some(Boolean) || scope === null) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name,
      recordType: draft.recordType,
      enabled: draft.enabled,
      pattern: draft.pattern.trim(),
      steps,
      channels: scope,
    },
  };
}

function validateStep(
  d: DraftStep,
  i: number,
  workflow: { recordType: string; scope: ChannelScope | null },
  choices: EditorChoices,
  errors: DraftErrors,
): Step | null {
  const { recordType, scope } = workflow;
  const v = d.v;
  const err = (field: string, message: string) => {
    errors[`s.${i}.${field}`] = message;
    return null;
  };
  const template = (field: string, max: number): string | null => {
    const text = v[field] ?? "";
    if (text.length > max) return err(field, `Use at most ${max} characters.`);
    const e = expressionError(text);
    return e ? err(field, `Template error: ${e}`) : text;
  };
  switch (d.kind) {
    case "condition": {
      const expression = (v.expression ?? "").trim();
      const e = expression.length > 2000 ? "Use at most 2,000 characters." : conditionError(expression);
      return e ? err("expression", e) : { kind: "condition", expression };
    }
    case "send_whatsapp": {
      const channel = v.channel === "trigger" ? "trigger" : Number(v.channel);
      if (channel !== "trigger" && !choices.channelIds.has(channel))
        err("channel", "Choose a channel you can use.");
      else if (channel !== "trigger" && Array.isArray(scope) && !scope.includes(channel))
        err("channel", "Choose one of this workflow's channels, or the channel the message came in on.");
      let recipient = "sender";
      if (v.recipient === "phone") {
        // With "the channel the message came in on" the prefix is unknown until a run: ask for +.
        const phone = applyCountryPrefix(
          (v.recipient_phone ?? "").trim(),
          channel === "trigger" ? "" : choices.countryPrefixOf(channel),
        );
        if (!phone.ok)
          err(
            "recipient_phone",
            `Enter the number in international format, e.g. +44 7700 900123 (${phone.reason}).`,
          );
        else recipient = phone.e164;
      }
      const text = template("text", 4000);
      const attachment = ATTACHMENTS.find((a) => a === v.attachment) ?? "none";
      const file = fileOf(v, choices.fileSignature);
      if (attachment === "file" && !file) err("file", "Choose a file to attach.");
      if (text !== null && text.trim() === "" && attachment === "none")
        err("text", "Enter the message, or choose an attachment.");
      if (
        errors[`s.${i}.channel`] ||
        errors[`s.${i}.recipient_phone`] ||
        errors[`s.${i}.file`] ||
        errors[`s.${i}.text`] ||
        text === null
      )
        return null;
      return {
        kind: "send_whatsapp",
        channel,
        recipient,
        text,
        attachment,
        file: attachment === "file" ? file : null,
      };
    }
    case "wait": {
      const amount = z.coerce.number().int().min(1).max(10_000).safeParse(v.amount);
      if (!amount.success) return err("amount", "Enter a whole number from 1 to 10,000.");
      const unit = (WAIT_UNITS as readonly string[]).includes(v.unit ?? "")
        ? (v.unit as (typeof WAIT_UNITS)[number])
        : null;
      return unit
        ? { kind: "wait", amount: amount.data, unit }
        : err("unit", "Choose minutes, hours or days.");
    }
    case "save_media":
      return { kind: "save_media" };
    case "notify": {
      const target = v.target === "owner" ? "owner" : Number(v.target);
      if (target !== "owner" && !choices.userIds.has(target))
        err("target", "Choose the record owner or an active user.");
      const text = template("text", 1000);
      return text === null || errors[`s.${i}.target`] ? null : { kind: "notify", target, text };
    }
    case "update_field": {
      const fields = (RECORD_TYPES as readonly string[]).includes(recordType)
        ? updatableFields(recordType as RecordType)
        : [];
      const field = fields.find((f) => f.name === v.field);
      if (!field) err("field", "Choose a field of this record type.");
      const value = template("value", 2000);
      return value === null || !field ? null : { kind: "update_field", field: field.name, value };
    }
    case "webhook": {
      const url = (v.url ?? "").trim();
      const ok = /^https?:\/\/[^\s]+$/i.test(url) && URL.canParse(url) && url.length <= 2000;
      return ok ? { kind: "webhook", url } : err("url", "Enter an http:// or https:// address.");
    }
  }
}

function fileOf(v: Record<string, string>, signature: EditorChoices["fileSignature"]) {
  const sha = v.file_sha ?? "";
  if (!/^[0-9a-f]{64}$/.test(sha) || v.file_sig !== signature(v)) return null;
  const size = Number(v.file_size);
  return {
    sha256: sha,
    mime: (v.file_mime || "application/octet-stream").slice(0, 200),
    size: Number.isSafeInteger(size) && size >= 0 ? size : 0,
    fileName: (v.file_name || "file").slice(0, 255),
  };
}
