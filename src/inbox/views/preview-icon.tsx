import { Icon } from "../../ui/icons/icon.tsx";
import { previewIcon } from "./format.ts";

/** The media kind's icon before a list preview ("Photo", "Voice message"…), or nothing for text. */
export function PreviewIcon(p: { type: string | null }) {
  const name = previewIcon(p.type);
  return name ? <Icon name={name} /> : null;
}
