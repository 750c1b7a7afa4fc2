import QRCode from "qrcode";

/**
 * The pairing code as an SVG image, drawn here rather than by a third-party service: the code
 * links a phone to this server, so it never leaves it. Error correction M scans well on screens.
 */
export function renderQrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#111111", light: "#ffffff" } });
}
