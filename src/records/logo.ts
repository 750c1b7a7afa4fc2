import { imageSize } from "image-size";

/**
 * The company logo is drawn on every invoice PDF, which decodes all of its pixels: a PNG of a few
 * hundred KB can hold 12000 × 12000 of them (18 s and 420 MB per PDF). So its size is read from
 * the header alone (PNG IHDR, JPEG SOF), with a maintained parser, and capped.
 */

export const MAX_LOGO_BYTES = 2 * 1024 * 1024;
/** It prints at most 160 × 60 points: 2000 pixels a side is far more than any print needs. */
export const MAX_LOGO_PIXELS = 2000;

export type LogoCheck =
  | { ok: true; mime: "image/png" | "image/jpeg"; width: number; height: number }
  | { ok: false; error: string };

function header(bytes: Uint8Array): { type?: string; width: number; height: number } | null {
  try {
    return imageSize(bytes);
  } catch {
    return null;
  }
}

/** Whether these bytes may be the logo: a PNG or JPEG within the byte and pixel limits. */
export function checkLogo(bytes: Uint8Array): LogoCheck {
  if (bytes.byteLength > MAX_LOGO_BYTES) return { ok: false, error: "The logo may be at most 2 MB" };
  const size = header(bytes);
  const mime = size?.type === "png" ? "image/png" : size?.type === "jpg" ? "image/jpeg" : null;
  if (!size || !mime || !(size.width > 0 && size.height > 0))
    return { ok: false, error: "The logo must be a PNG or JPEG image" };
  if (size.width > MAX_LOGO_PIXELS || size.height > MAX_LOGO_PIXELS)
    return {
      ok: false,
      error: `The logo is ${size.width} × ${size.height} pixels: at most ${MAX_LOGO_PIXELS} × ${MAX_LOGO_PIXELS}`,
    };
  return { ok: true, mime, width: size.width, height: size.height };
}
