import pino, { type Logger } from "pino";

export type { Logger };

/** The one logger: structured JSON to stdout. Secrets are redacted by path wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: "pairbox" },
    redact: {
      paths: [
        "password",
        "*.password",
        "token",
        "*.token",
        "secret",
        "*.secret",
        "apiKey",
        "*.apiKey",
        "headers.authorization",
        "headers.cookie",
        "*.headers.authorization",
        "*.headers.cookie",
      ],
      censor: "[redacted]",
    },
  });
}

export const silentLogger: Logger = pino({ level: "silent" });
