import { z } from "zod";
import { applyCountryPrefix } from "../../phone.ts";
import type { EditorChoices } from "../editor.ts";
import {
  ExpressionHint,
  Hidden,
  StepField,
  StepInput,
  StepSelect,
  StepText,
  type StepCtx,
  type StepChoices,
} from "../views/step-fields.tsx";
import { defineStep, type StepCheck } from "./kind.ts";
import { sendWhatsApp } from "./send-whatsapp-run.ts";

const ATTACHMENTS = ["none", "file", "invoice", "quote", "trigger_media"] as const;

const fileSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mime: z.string().max(200),
  size: z.number().int().nonnegative(),
  fileName: z.string().max(255),
});
/** A file stored in the media store (content-addressed), as a step attaches it. */
export type StepFile = z.infer<typeof fileSchema>;

const schema = z.object({
  kind: z.literal("send_whatsapp"),
  /** "trigger" = the channel the message came in on, else a channel id. */
  channel: z.union([z.literal("trigger"), z.number().int().positive()]),
  /** "sender" = whoever wrote (or the group, for a group message), else a phone number. */
  recipient: z.string().max(40),
  text: z.string().max(4000),
  attachment: z.enum(ATTACHMENTS),
  file: fileSchema.nullable(),
});
export type SendWhatsAppStep = z.infer<typeof schema>;

export const sendWhatsAppStep = defineStep<typeof schema>({
  kind: "send_whatsapp",
  label: "Send WhatsApp",
  schema,
  fields: [
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
  ],
  fresh: () => ({
    kind: "send_whatsapp",
    channel: "trigger",
    recipient: "sender",
    text: "",
    attachment: "none",
    file: null,
  }),
  toDraft: (s) => ({
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
  }),
  validate: validateSend,
  Fields: SendFields,
  describe: (s) =>
    `Send WhatsApp to ${s.recipient === "sender" ? "the sender" : s.recipient}${s.attachment === "none" ? "" : ` with ${describeAttachment(s)}`}`,
  run: sendWhatsApp,
});

function describeAttachment(s: SendWhatsAppStep): string {
  if (s.attachment === "trigger_media") return "the message's media";
  if (s.attachment === "file") return s.file?.fileName ?? "a file";
  return `the latest ${s.attachment}`;
}

function validateSend({ v, scope, choices, err, hasError, template }: StepCheck): SendWhatsAppStep | null {
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
  if (["channel", "recipient_phone", "file", "text"].some(hasError) || text === null) return null;
  return {
    kind: "send_whatsapp",
    channel,
    recipient,
    text,
    attachment,
    file: attachment === "file" ? file : null,
  };
}

/** The uploaded file the form points at, only when its signature proves we stored it for this editor. */
function fileOf(v: Record<string, string>, signature: EditorChoices["fileSignature"]): StepFile | null {
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

const RECIPIENT_CHOICES = [
  { value: "sender", label: "The sender (or its group)" },
  { value: "phone", label: "This number…" },
];
/** The attachment picker, in the order it lists them; a new kind of attachment needs its label here. */
const ATTACHMENT_LABELS: Record<(typeof ATTACHMENTS)[number], string> = {
  none: "None",
  invoice: "The record's latest invoice (PDF)",
  quote: "The record's latest quote (PDF)",
  trigger_media: "The triggering message's media",
  file: "A file…",
};
const ATTACHMENT_CHOICES = Object.entries(ATTACHMENT_LABELS).map(([value, label]) => ({ value, label }));

function SendFields(p: { c: StepCtx; choices: StepChoices }) {
  const { c } = p;
  const v = c.step.v;
  const channels = [
    { value: "trigger", label: "The channel it came in on" },
    ...p.choices.channels.map((ch) => ({ value: String(ch.id), label: ch.label })),
  ];
  return (
    <>
      <div class="wf-row">
        <StepSelect c={c} field="channel" label="From channel" options={channels} />
        <StepSelect c={c} field="recipient" label="To" options={RECIPIENT_CHOICES} />
        <StepInput
          c={c}
          field="recipient_phone"
          label="Number (when “This number…”)"
          placeholder="+44 7700 900123"
        />
      </div>
      <StepText
        c={c}
        field="text"
        label="Message"
        hint={
          <>
            <ExpressionHint /> Sent only if the recipient wrote to that channel in the last 24 hours.
          </>
        }
      />
      <div class="wf-row">
        <StepSelect c={c} field="attachment" label="Attachment" options={ATTACHMENT_CHOICES} />
        <StepField
          c={c}
          field="file"
          label="File (when “A file…”)"
          hint={
            v.file_name ? (
              <>
                Attached: <strong>{v.file_name}</strong>. Choose another to replace it.
              </>
            ) : undefined
          }
        >
          <input id={`s-${c.i}-file`} type="file" name={`s.${c.i}.file`} />
        </StepField>
      </div>
      {["file_sha", "file_mime", "file_size", "file_name", "file_sig"].map((field) => (
        <Hidden c={c} field={field} />
      ))}
    </>
  );
}
