import type { MediaMessageType, OutboundPayload, OutboundQuote } from "../whatsapp/driver.ts";
import { parseDetail } from "../whatsapp/rich.ts";
import { buildVcard } from "../whatsapp/vcard.ts";
import type { MessageRow } from "./types.ts";

/** What the driver is handed for a stored outbound row: its file, its poll/location/card, or its text. */
export function payloadOf(
  m: MessageRow,
  mediaPath: (sha256: string) => string,
  quote: OutboundQuote | null = null,
): OutboundPayload {
  if (m.media_sha256)
    return {
      type: m.type as MediaMessageType,
      filePath: mediaPath(m.media_sha256),
      mime: m.media_mime ?? "application/octet-stream",
      fileName: m.media_filename ?? "file",
      caption: m.text,
      ...(quote ? { quote } : {}),
    };
  const detail = parseDetail(m.detail);
  switch (detail?.kind) {
    case "poll":
      return {
        type: "poll",
        question: detail.question,
        options: detail.options,
        selectableCount: detail.selectableCount,
      };
    case "location":
      return {
        type: "location",
        latitude: detail.latitude,
        longitude: detail.longitude,
        name: detail.name,
        address: detail.address,
      };
    case "contacts":
      return {
        type: "contact",
        contacts: detail.contacts.map((c) => ({
          name: c.name,
          vcard: buildVcard(
            c.name,
            c.phones.flatMap((p) => (p.e164 ? [p.e164] : [])),
          ),
        })),
      };
    default:
      return { type: "text", text: m.text, ...(quote ? { quote } : {}) };
  }
}
