import type { IconName } from "../../ui/icons/icon.tsx";

/** Small display helpers shared by the inbox views. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const TYPE_LABEL: Record<string, string> = {
  image: "Photo",
  audio: "Audio",
  voice: "Voice message",
  video: "Video",
  document: "Document",
  sticker: "Sticker",
  location: "Location",
  contact: "Contact",
  poll: "Poll",
  other: "Message",
};

const TYPE_ICON: Record<string, IconName> = {
  image: "image",
  audio: "audio",
  voice: "voice",
  video: "video",
  document: "document",
  sticker: "sticker",
  location: "location",
  contact: "contact",
  poll: "poll",
};

/** The icon shown before a media message's preview (beside its word, so it is decoration). */
export function previewIcon(type: string | null): IconName | null {
  return type ? (TYPE_ICON[type] ?? null) : null;
}

/** The one-line preview of a message in the conversation list. */
export function previewOf(type: string | null, text: string | null): string {
  const body = (text ?? "").replace(/\s+/g, " ").trim().slice(0, 120);
  if (!type || type === "text") return body;
  const label = TYPE_LABEL[type] ?? "Message";
  // Polls, cards, places and albums start their text with their emoji ("📊 Which day?"): the label says it.
  const line = body.replace(/^(📊|📍|👤|🖼)\s*/u, "");
  return line ? `${label}: ${line}` : label;
}
