import { parseArgs } from "node:util";
import { z } from "zod";
import { canonicalHost } from "./host-name.ts";
import { allowListError } from "./net/safe-fetch.ts";

/**
 * Every setting Pairbox reads, in one place: its environment variable, its flag and its schema.
 * Flags win over environment variables. `--help` prints this table.
 */
const booleanish = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const commaList = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .superRefine((entries, ctx) => {
    const error = allowListError(entries);
    if (error) ctx.addIssue({ code: "custom", message: error });
  });

const options = {
  port: {
    env: "PAIRBOX_PORT",
    flag: "port",
    help: "HTTP port",
    def: "3000",
    schema: z.coerce.number().int().min(1).max(65535),
  },
  host: {
    env: "PAIRBOX_HOST",
    flag: "host",
    help: "Interface to listen on",
    def: "0.0.0.0",
    schema: z.string().min(1),
  },
  dataDir: {
    env: "PAIRBOX_DATA_DIR",
    flag: "data-dir",
    help: "Data directory (database, media, secrets)",
    def: "./data",
    schema: z.string().min(1),
  },
  baseUrl: {
    env: "PAIRBOX_BASE_URL",
    flag: "base-url",
    help: "Public URL of this server: a name it answers to, the origin forms come from, https makes cookies Secure",
    def: "",
    schema: z.union([z.literal(""), z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ""))]),
  },
  allowedHosts: {
    env: "PAIRBOX_ALLOWED_HOSTS",
    flag: "allowed-hosts",
    help: "More host names this server answers to, comma-separated (e.g. pairbox.lan,10.0.0.5:3000)",
    def: "",
    schema: z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (names) => names.every((n) => canonicalHost(n) !== null),
        "must be host names or addresses with an optional port, separated by commas (IPv6 in brackets)",
      ),
  },
  logLevel: {
    env: "PAIRBOX_LOG_LEVEL",
    flag: "log-level",
    help: "fatal, error, warn, info, debug, trace or silent",
    def: "info",
    schema: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  },
  sessionSecret: {
    env: "PAIRBOX_SESSION_SECRET",
    flag: "session-secret",
    help: "Secret for signed links (min 32 chars; generated into the data dir when unset)",
    def: "",
    schema: z.union([z.literal(""), z.string().min(32, "must be at least 32 characters")]),
  },
  maxUploadMb: {
    env: "PAIRBOX_MAX_UPLOAD_MB",
    flag: "max-upload-mb",
    help: "Largest upload or media file, in MB",
    def: "100",
    schema: z.coerce.number().positive().max(2048),
  },
  sendSpacingMs: {
    env: "PAIRBOX_SEND_SPACING_MS",
    flag: "send-spacing-ms",
    help: "Longest random pause between two sends on one channel, in ms",
    def: "1500",
    schema: z.coerce.number().int().min(0).max(60000),
  },
  jobRetentionDays: {
    env: "PAIRBOX_JOB_RETENTION_DAYS",
    flag: "job-retention-days",
    help: "Days finished background jobs and webhook deliveries (the delivery log) are kept",
    def: "30",
    schema: z.coerce.number().int().min(1).max(3650),
  },
  whatsappDriver: {
    env: "PAIRBOX_WHATSAPP_DRIVER",
    flag: "whatsapp-driver",
    help: "baileys (real WhatsApp) or simulator",
    def: "baileys",
    schema: z.enum(["baileys", "simulator"]),
  },
  waVersion: {
    env: "PAIRBOX_WA_VERSION",
    flag: "wa-version",
    help: "WhatsApp Web client version for Baileys, e.g. 2.3000.1023223821 (default: the one bundled)",
    def: "",
    schema: z.union([
      z.literal(""),
      z.string().regex(/^\d{1,5}\.\d{1,6}\.\d{1,12}$/, "must look like 2.3000.1023223821"),
    ]),
  },
  waVersionCheck: {
    env: "PAIRBOX_WA_VERSION_CHECK",
    flag: "wa-version-check",
    help: "At start-up ask web.whatsapp.com for the current WhatsApp Web version, 3 s at most (off: use the bundled one)",
    def: "on",
    schema: booleanish,
  },
  trustProxy: {
    env: "PAIRBOX_TRUST_PROXY",
    flag: "trust-proxy",
    help: "Behind one reverse proxy: sign-in limits count the address the proxy puts last in X-Forwarded-For",
    def: "",
    schema: booleanish,
    boolean: true,
  },
  simQrRotateMs: {
    env: "PAIRBOX_SIM_QR_ROTATE_MS",
    flag: "sim-qr-rotate-ms",
    help: "Simulator only: how often its pairing code rotates, in ms",
    def: "20000",
    schema: z.coerce.number().int().min(100).max(600000),
  },
  demo: {
    env: "PAIRBOX_DEMO",
    flag: "demo",
    help: "Demo mode: the simulator driver with scan and inject buttons",
    def: "",
    schema: booleanish,
    boolean: true,
  },
  adminEmail: {
    env: "PAIRBOX_ADMIN_EMAIL",
    flag: "admin-email",
    help: "Create this first administrator at start-up when there are no users",
    def: "",
    schema: z.union([z.literal(""), z.email()]),
  },
  adminPassword: {
    env: "PAIRBOX_ADMIN_PASSWORD",
    flag: "admin-password",
    help: "Password for PAIRBOX_ADMIN_EMAIL (min 10 chars)",
    def: "",
    schema: z.union([z.literal(""), z.string().min(10, "must be at least 10 characters")]),
  },
  metricsToken: {
    env: "PAIRBOX_METRICS_TOKEN",
    flag: "metrics-token",
    help: "Bearer token for /metrics (min 16 chars); /metrics is off when unset",
    def: "",
    schema: z.union([z.literal(""), z.string().min(16, "must be at least 16 characters")]),
  },
  fetchAllow: {
    env: "PAIRBOX_FETCH_ALLOW",
    flag: "fetch-allow",
    help: "Hosts (*.name for subdomains), addresses or CIDR ranges Pairbox may fetch from or call although private or link-local, comma-separated",
    def: "",
    schema: commaList,
  },
} as const satisfies Record<string, OptionSpec>;

type OptionSpec = {
  env: string;
  flag: string;
  help: string;
  def: string;
  schema: z.ZodType;
  boolean?: boolean;
};
type Options = typeof options;
export type Config = { -readonly [K in keyof Options]: z.output<Options[K]["schema"]> } & {
  maxUploadBytes: number;
};

export type ConfigResult =
  | { ok: true; config: Config }
  | { ok: false; message: string }
  | { ok: "help"; text: string };

export function loadConfig(argv: string[], env: Record<string, string | undefined>): ConfigResult {
  let flags: Record<string, string | boolean | undefined>;
  try {
    const parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(
          Object.values(options).map((o) => [
            o.flag,
            { type: "boolean" in o ? "boolean" : "string" } as const,
          ]),
        ),
      },
    });
    flags = parsed.values as Record<string, string | boolean | undefined>;
  } catch (err) {
    return { ok: false, message: `${(err as Error).message} (see --help)` };
  }
  if (flags.help) return { ok: "help", text: helpText() };

  const out: Record<string, unknown> = {};
  for (const [key, o] of Object.entries(options) as [string, OptionSpec][]) {
    const fromFlag = flags[o.flag];
    const raw = fromFlag === true ? "1" : typeof fromFlag === "string" ? fromFlag : (env[o.env] ?? o.def);
    const result = o.schema.safeParse(raw);
    if (!result.success) {
      const why = result.error.issues[0]?.message ?? "invalid";
      return { ok: false, message: `Invalid ${o.env} (--${o.flag}) = ${JSON.stringify(raw)}: ${why}` };
    }
    out[key] = result.data;
  }
  const config = out as Config;
  if (config.demo) config.whatsappDriver = "simulator";
  if (config.baseUrl === "") config.baseUrl = `http://localhost:${config.port}`;
  if ((config.adminEmail === "") !== (config.adminPassword === "")) {
    return { ok: false, message: "Invalid PAIRBOX_ADMIN_EMAIL/PAIRBOX_ADMIN_PASSWORD: set both or neither" };
  }
  config.maxUploadBytes = Math.floor(config.maxUploadMb * 1024 * 1024);
  return { ok: true, config };
}

export function helpText(): string {
  const rows = Object.values(options as Record<string, OptionSpec>).map(
    (o) => `  --${o.flag.padEnd(18)} ${o.env.padEnd(26)} ${o.help}${o.def ? ` (default ${o.def})` : ""}`,
  );
  return [
    "Pairbox: a self-hosted WhatsApp shared inbox.",
    "",
    "Usage: pairbox [flags]            run the server",
    "       pairbox healthcheck        exit 0 when the server on --port answers /healthz",
    "       pairbox backup FILE        write a consistent copy of the database to FILE (or into a folder), safe while the server runs",
    "",
    "Flags and environment variables (flags win):",
    ...rows,
    "  -h, --help",
  ].join("\n");
}

/** A config for tests: defaults plus overrides, never reading the real environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // Tests never ask web.whatsapp.com anything.
  const result = loadConfig([], { PAIRBOX_WHATSAPP_DRIVER: "simulator", PAIRBOX_WA_VERSION_CHECK: "off" });
  if (result.ok !== true) throw new Error("default config must be valid");
  return { ...result.config, ...overrides };
}
