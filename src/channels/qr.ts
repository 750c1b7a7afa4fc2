/** qrcode loads on the first code drawn, not at start-up. */
const qrcode = () => import("qrcode").then((m) => m.default);

/**
 * The pairing code as an SVG image, drawn here rather than by a third-party service: the code
 * links a phone to this server, so it never leaves it. Error correction M scans well on screens.
 */
export async function renderQrSvg(code: string): Promise<string> {
  return (await qrcode()).toString(code, {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 2,
    color: { dark: "#111111", light: "#ffffff" },
  });
}

/** The same code as a PNG, for API clients that want an image file. */
export async function renderQrPng(code: string): Promise<Buffer> {
  return (await qrcode()).toBuffer(code, { type: "png", errorCorrectionLevel: "M", margin: 2, scale: 8 });
}
