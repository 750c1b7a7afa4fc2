import { DisconnectReason } from "@whiskeysockets/baileys";

/**
 * What to do when Baileys closes a socket, and how to say it to a person. Pure, so every
 * DisconnectReason is covered by unit tests without a network.
 */

export type CloseAction =
  /** WhatsApp asks for a fresh socket (after pairing): reconnect at once. */
  | { kind: "restart" }
  /** The phone unlinked the device: wipe the keys, the channel must pair again. */
  | { kind: "logged-out"; reason: string }
  /** Retrying cannot help (ban, replaced session): stop and show the reason. */
  | { kind: "fatal"; reason: string }
  /** The pairing codes ran out without a scan. */
  | { kind: "qr-expired" }
  /** Network trouble or a passing server error: back off and try again. `urgent`: show it at once. */
  | { kind: "retry"; reason: string; urgent: boolean };

export const QR_EXPIRED_REASON = "QR expired: refresh to try again";
export const LOGGED_OUT_REASON = "Logged out from the phone: refresh the QR code and scan it to link again";

/**
 * Baileys' words when the server fails the Noise certificate check (Utils/noise-handler.js): it is
 * not WhatsApp, or something between us and WhatsApp answers in its place.
 */
const CERTIFICATE_FAILURE = /noise (?:leaf |intermediate )?certificate|certification match failed/i;
export const CERTIFICATE_REFUSED_REASON =
  "Refused the server: its certificate is not signed by WhatsApp (something on the network may be intercepting the connection)";

/** Back-off bounds and how many failures in a row before the channel shows an error. */
export const BACKOFF_MIN_MS = 1000;
export const BACKOFF_MAX_MS = 5 * 60 * 1000;
export const FAILURES_BEFORE_ERROR = 5;

export function statusCodeOf(error: unknown): number | null {
  if (!error || typeof error !== "object") return null;
  const e = error as {
    output?: { statusCode?: unknown };
    statusCode?: unknown;
    data?: { statusCode?: unknown };
  };
  const code = e.output?.statusCode ?? e.statusCode;
  return typeof code === "number" ? code : null;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object" && "message" in error)
    return String((error as { message: unknown }).message);
  return error ? String(error) : "";
}

/** Network errors in plain words; null when the text names none we know. */
function networkReason(message: string): string | null {
  const dns = /(?:getaddrinfo\s+)?(?:ENOTFOUND|EAI_AGAIN)\s+([\w.-]+)/.exec(message);
  if (dns) return `Cannot reach WhatsApp: DNS lookup failed for ${dns[1]}`;
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(message))
    return "Cannot reach WhatsApp: DNS lookup failed for web.whatsapp.com";
  if (/ECONNREFUSED/.test(message)) return "Cannot reach WhatsApp: the connection was refused";
  if (/ENETUNREACH|EHOSTUNREACH/.test(message)) return "Cannot reach WhatsApp: no route to the network";
  if (/ECONNRESET|socket hang up/i.test(message)) return "The connection to WhatsApp was reset";
  if (/ETIMEDOUT/.test(message)) return "Cannot reach WhatsApp: the connection timed out";
  if (/certificate|TLS|SSL/i.test(message)) return "Cannot reach WhatsApp: the secure connection failed";
  return null;
}

export function classifyClose(error: unknown, paired: boolean): CloseAction {
  const code = statusCodeOf(error);
  const message = messageOf(error);
  // Before the network words: "certificate" there means TLS, this is WhatsApp's own chain.
  if (CERTIFICATE_FAILURE.test(message))
    return { kind: "retry", reason: CERTIFICATE_REFUSED_REASON, urgent: true };
  const network = networkReason(message);
  if (network) return { kind: "retry", reason: network, urgent: true };

  switch (code) {
    case DisconnectReason.restartRequired:
      return { kind: "restart" };
    case DisconnectReason.loggedOut:
      return { kind: "logged-out", reason: LOGGED_OUT_REASON };
    case DisconnectReason.forbidden:
      return {
        kind: "fatal",
        reason: "WhatsApp refused this number (forbidden): it may be banned or restricted",
      };
    case 402:
    case 406:
    case 419:
      return { kind: "fatal", reason: `WhatsApp blocked this number (code ${code}): check the phone` };
    case DisconnectReason.connectionReplaced:
      return {
        kind: "fatal",
        reason: "Another WhatsApp Web session took over this device: refresh to connect here again",
      };
    case DisconnectReason.multideviceMismatch:
      return {
        kind: "logged-out",
        reason: "WhatsApp asked to link this device again: refresh the QR code and scan it",
      };
  }
  if (!paired && /QR refs attempts ended/i.test(message)) return { kind: "qr-expired" };
  switch (code) {
    case DisconnectReason.timedOut:
      return { kind: "retry", reason: "The connection to WhatsApp timed out", urgent: false };
    case DisconnectReason.connectionClosed:
      return { kind: "retry", reason: "WhatsApp closed the connection", urgent: false };
    case DisconnectReason.unavailableService:
      return { kind: "retry", reason: "WhatsApp is unavailable at the moment", urgent: false };
    case DisconnectReason.badSession:
      return { kind: "retry", reason: "WhatsApp reported a session error", urgent: false };
    case 405:
      // WhatsApp refuses clients whose Web version it no longer accepts.
      return {
        kind: "retry",
        reason:
          "WhatsApp refused the connection (405): the WhatsApp Web version may be outdated (see PAIRBOX_WA_VERSION)",
        urgent: false,
      };
    default:
      return {
        kind: "retry",
        reason: code
          ? `WhatsApp closed the connection (code ${code})`
          : "The connection to WhatsApp was lost",
        urgent: false,
      };
  }
}

export type BackoffBounds = { minMs: number; maxMs: number };

/**
 * Exponential back-off, jittered over the upper half so channels that failed together spread out:
 * 1 s up to 5 min unless other bounds are given.
 */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  bounds: BackoffBounds = { minMs: BACKOFF_MIN_MS, maxMs: BACKOFF_MAX_MS },
): number {
  const ceiling = Math.min(bounds.maxMs, bounds.minMs * 2 ** Math.max(0, Math.min(attempt, 40) - 1));
  return Math.max(bounds.minMs, Math.round(ceiling * (0.5 + random() * 0.5)));
}
