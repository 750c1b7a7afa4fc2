import { z } from "zod";
import type { FieldErrors } from "../ui/components/form.tsx";
import { one, validate, type FormBody } from "../web/forms.ts";
import { normalizePhone } from "../phone.ts";
import { safeFileName } from "../file-name.ts";
import type { MessageDetail } from "../whatsapp/driver.ts";
import { isContentKind, parseRichInject } from "./inject-rich.ts";
import { injectKind } from "./inject-change.ts";

/**
 * The demo "inject inbound message" form: what a person types to make the simulated phone network
 * deliver a message to a channel. Every field is checked here, so the simulator only ever sees a
 * message the Baileys driver could also have produced.
 */

/** What the form holds, as typed, so a refused form comes back as the person left it. */
export type InjectFormValues = {
  fromPhone: string;
  name: string;
  text: string;
  groupJid: string;
  groupSubject: string;
  participantPhone: string;
  /** What arrives: a message, or a reaction, edit or delete (src/channels/inject-change.ts). */
  kind: string;
  target: string;
  emoji: string;
  viewOnce: string;
  undecryptable: string;
  quoteLatest: string;
  /** A message's content: a text (with an optional file), a poll, a card, a location… (inject-rich.ts). */
  content: string;
  /** Polls: several answers allowed. */
  multiple: string;
};

export const EMPTY_INJECT_FORM: InjectFormValues = {
  content: "text",
  multiple: "",
  fromPhone: "",
  name: "",
  text: "",
  groupJid: "",
  groupSubject: "",
  participantPhone: "",
  kind: "message",
  target: "",
  emoji: "",
  viewOnce: "",
  undecryptable: "",
  quoteLatest: "",
};

export type InjectFile = { bytes: Uint8Array; fileName: string; mime: string };

export type InjectRequest = {
  fromPhone: string;
  name: string;
  text: string;
  file: InjectFile | null;
  groupJid: string | null;
  groupSubject: string | null;
  participantPhone: string | null;
  detail?: MessageDetail | null;
  kind?: "text" | "interactive";
  /** A vote in the sender's newest poll: the options chosen. */
  vote?: string[] | null;
  album?: boolean;
  viewOnce: boolean;
  undecryptableFirst: boolean;
  /** Quotes the chat's newest message (resolved by the route, which reads the database). */
  quoteLatest: boolean;
};

/** What WhatsApp itself carries in one message. */
const MAX_TEXT = 65_536;

/** A phone in international format, normalised to E.164, or an issue naming the field (`label`). */
function internationalPhone(value: string, label: string, ctx: z.RefinementCtx): string {
  if (!/^(\+|00)/.test(value.replace(/[\s().-]/g, ""))) {
    ctx.addIssue({
      code: "custom",
      message: `Write ${label} in international format, starting with + and the country code (e.g. +447700900123).`,
    });
    return z.NEVER;
  }
  const r = normalizePhone(value);
  if (!r.ok) {
    ctx.addIssue({
      code: "custom",
      message: `${label[0]!.toUpperCase()}${label.slice(1)} is not a valid phone number: ${r.reason}.`,
    });
    return z.NEVER;
  }
  return r.e164;
}

/** "120363041234567890@g.us", or just its digits (with an optional -timestamp, as older groups have); '' is null. */
const groupJid = z.string().transform((value, ctx) => {
  if (value === "") return null;
  const m = /^(\d{5,30}(?:-\d{5,15})?)(?:@g\.us)?$/.exec(value);
  if (!m) {
    ctx.addIssue({
      code: "custom",
      message: "A group id is digits, optionally ending in @g.us (e.g. 120363041234567890@g.us).",
    });
    return z.NEVER;
  }
  return `${m[1]}@g.us`;
});

const schema = z
  .object({
    fromPhone: z
      .string()
      .min(1, "Enter the number the message comes from, e.g. +447700900123.")
      .transform((v, ctx) => internationalPhone(v, "the sender's number", ctx)),
    name: z.string().max(100, "Keep the sender's name under 100 characters."),
    text: z.string().max(MAX_TEXT, `Keep the text under ${MAX_TEXT} characters.`),
    groupJid,
    groupSubject: z.string().max(100, "Keep the group subject under 100 characters."),
    participantPhone: z
      .string()
      .transform((v, ctx) => (v === "" ? null : internationalPhone(v, "the participant's number", ctx))),
  })
  .superRefine((v, ctx) => {
    if (!v.groupJid && v.groupSubject)
      ctx.addIssue({
        code: "custom",
        path: ["groupJid"],
        message: "Give the group id too, or leave the subject empty.",
      });
    if (!v.groupJid && v.participantPhone)
      ctx.addIssue({
        code: "custom",
        path: ["groupJid"],
        message: "A participant belongs to a group: give the group id too.",
      });
  });

/** Reads the form text fields, trimmed (the message text keeps its inner line breaks). */
export function injectFormValues(body: FormBody): InjectFormValues {
  return {
    fromPhone: one(body, "fromPhone").trim(),
    name: one(body, "name").trim(),
    text: one(body, "text").replace(/\r\n/g, "\n").trim(),
    groupJid: one(body, "groupJid").trim(),
    groupSubject: one(body, "groupSubject").trim(),
    participantPhone: one(body, "participantPhone").trim(),
    kind: one(body, "kind").trim() || "message",
    target: one(body, "target").trim(),
    emoji: one(body, "emoji").trim(),
    viewOnce: one(body, "viewOnce") ? "1" : "",
    undecryptable: one(body, "undecryptable") ? "1" : "",
    quoteLatest: one(body, "quoteLatest") ? "1" : "",
    content: isContentKind(one(body, "content")) ? one(body, "content") : "text",
    multiple: one(body, "multiple") === "1" ? "1" : "",
  };
}

/** The uploaded file if one was chosen, checked by size before a single byte of it is read. */
function checkFile(
  value: unknown,
  cap: UploadCap,
): { ok: true; file: File | null } | { ok: false; error: string } {
  const first = Array.isArray(value) ? value[0] : value;
  // Browsers send an empty, nameless part when no file was chosen.
  if (!(first instanceof File) || first.size === 0) return { ok: true, file: null };
  if (first.size > cap.maxUploadBytes)
    return { ok: false, error: `The file is larger than the ${cap.maxUploadMb} MB limit.` };
  return { ok: true, file: first };
}

async function readFile(file: File): Promise<InjectFile> {
  const fileName = safeFileName(file.name) ?? "file";
  const mime = /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : "application/octet-stream";
  return { bytes: new Uint8Array(await file.arrayBuffer()), fileName, mime };
}

export type UploadCap = { maxUploadBytes: number; maxUploadMb: number };

export type InjectParse =
  | { ok: true; input: InjectRequest; values: InjectFormValues }
  | { ok: false; values: InjectFormValues; errors: FieldErrors };

/** Validates the whole form; every wrong field gets its own message. */
export async function parseInjectForm(body: FormBody, cap: UploadCap): Promise<InjectParse> {
  const values = injectFormValues(body);
  const parsed = validate(schema, values);
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  const file = checkFile(body.file, cap);
  if (!file.ok) errors.file = file.error;
  const isMessage = injectKind(values.kind) === "message";
  const content = isMessage && isContentKind(values.content) ? values.content : "text";
  const rich = parseRichInject(content, values.text, values.multiple === "1");
  if (!rich.ok) errors.text = rich.error;
  else if (content === "album" && file.ok && !file.file) errors.file = "Attach the album's photo or video.";
  else if (content !== "text" && content !== "album" && file.ok && file.file)
    errors.file = "Only a text message or an album carries a file.";
  if (isMessage && parsed.ok && file.ok && !parsed.data.text && !file.file)
    errors.text = "Write a message or attach a file.";
  if (isMessage && values.viewOnce && file.ok && !file.file)
    errors.file = "View once is for a photo, video or voice note: attach one.";
  if (!parsed.ok || !file.ok || !rich.ok || Object.keys(errors).length > 0)
    return { ok: false, values, errors };
  const d = parsed.data;
  return {
    ok: true,
    values,
    input: {
      fromPhone: d.fromPhone,
      name: d.name,
      text: d.text,
      file: file.file ? await readFile(file.file) : null,
      groupJid: d.groupJid,
      groupSubject: d.groupJid ? d.groupSubject || null : null,
      // In a group the member who wrote is the participant; by default that is the sender.
      participantPhone: d.groupJid ? (d.participantPhone ?? d.fromPhone) : null,
      ...(rich.text ? { text: rich.text } : {}),
      detail: rich.detail,
      kind: rich.interactive ? "interactive" : "text",
      vote: rich.vote,
      album: rich.album ?? false,
      viewOnce: values.viewOnce !== "",
      undecryptableFirst: values.undecryptable !== "",
      quoteLatest: values.quoteLatest !== "",
    },
  };
}
