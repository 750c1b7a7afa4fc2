/** Small display helpers shared by the inbox views. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const TYPE_LABEL: Record<string, string> = {
  image: "📷 Photo",
  audio: "🎵 Audio",
  voice: "🎤 Voice message",
  video: "🎬 Video",
  document: "📄 Document",
  sticker: "🏷️ Sticker",
  location: "📍 Location",
  contact: "👤 Contact",
  poll: "📊 Poll",
  other: "Message",
};

/** The one-line preview of a message in the conversation list. */
export function previewOf(type: string | null, text: string | null): string {
  const body = (text ?? "").replace(/\s+/g, " ").trim().slice(0, 120);
  if (!type || type === "text") return body;
  const label = TYPE_LABEL[type] ?? "Message";
  // Polls, cards and places carry their emoji in their text already ("📊 Which day?").
  if (body && label.includes(" ") && body.startsWith(label.split(" ")[0]!)) return body;
  return body ? `${label}: ${body}` : label;
}
