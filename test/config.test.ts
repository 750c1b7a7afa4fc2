import { describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.ts";
import { prepareDataDir } from "../src/data-dir.ts";

describe("configuration", () => {
  test("defaults serve on port 3000 with ./data, the Baileys driver and a 100 MB upload cap", () => {
    const r = loadConfig([], {});
    if (r.ok !== true) throw new Error("expected ok");
    expect(r.config.port).toBe(3000);
    expect(r.config.dataDir).toBe("./data");
    expect(r.config.whatsappDriver).toBe("baileys");
    expect(r.config.maxUploadBytes).toBe(100 * 1024 * 1024);
    expect(r.config.baseUrl).toBe("http://localhost:3000");
  });

  test("flags win over environment variables", () => {
    const r = loadConfig(["--port", "4000", "--log-level", "debug"], {
      PAIRBOX_PORT: "5000",
      PAIRBOX_LOG_LEVEL: "warn",
    });
    if (r.ok !== true) throw new Error("expected ok");
    expect(r.config.port).toBe(4000);
    expect(r.config.logLevel).toBe("debug");
  });

  test("--demo switches to the simulator driver", () => {
    const r = loadConfig(["--demo"], {});
    if (r.ok !== true) throw new Error("expected ok");
    expect(r.config.demo).toBe(true);
    expect(r.config.whatsappDriver).toBe("simulator");
  });

  test.each([
    [{ PAIRBOX_PORT: "eighty" }, "PAIRBOX_PORT"],
    [{ PAIRBOX_PORT: "70000" }, "PAIRBOX_PORT"],
    [{ PAIRBOX_WHATSAPP_DRIVER: "twilio" }, "PAIRBOX_WHATSAPP_DRIVER"],
    [{ PAIRBOX_BASE_URL: "ftp://example.com" }, "PAIRBOX_BASE_URL"],
    [{ PAIRBOX_SESSION_SECRET: "short" }, "PAIRBOX_SESSION_SECRET"],
    [{ PAIRBOX_MAX_UPLOAD_MB: "-5" }, "PAIRBOX_MAX_UPLOAD_MB"],
    [{ PAIRBOX_LOG_LEVEL: "loud" }, "PAIRBOX_LOG_LEVEL"],
    [{ PAIRBOX_ADMIN_EMAIL: "a@b.co" }, "PAIRBOX_ADMIN_EMAIL"],
    [{ PAIRBOX_ALLOWED_HOSTS: "https://inbox.example.com" }, "PAIRBOX_ALLOWED_HOSTS"],
    [{ PAIRBOX_ALLOWED_HOSTS: "ok.lan, bad host" }, "PAIRBOX_ALLOWED_HOSTS"],
    [{ PAIRBOX_ALLOWED_HOSTS: "fe80::1" }, "PAIRBOX_ALLOWED_HOSTS"],
  ])("a bad value (%o) stops with one line naming %s", (env, name) => {
    const r = loadConfig([], env);
    expect(r.ok).toBe(false);
    if (r.ok !== false) return;
    expect(r.message).toContain(name);
    expect(r.message).not.toContain("\n");
  });

  test("PAIRBOX_ALLOWED_HOSTS is a comma-separated list of host names and addresses", () => {
    const r = loadConfig([], { PAIRBOX_ALLOWED_HOSTS: " pairbox.lan, 10.0.0.5:3000 ,[::1]," });
    if (r.ok !== true) throw new Error("expected ok");
    expect(r.config.allowedHosts).toEqual(["pairbox.lan", "10.0.0.5:3000", "[::1]"]);
  });

  test("an unknown flag is refused with a pointer to --help", () => {
    const r = loadConfig(["--prot", "1"], {});
    expect(r.ok).toBe(false);
    if (r.ok === false) expect(r.message).toContain("--help");
  });

  test("--help lists every environment variable", () => {
    const r = loadConfig(["--help"], {});
    expect(r.ok).toBe("help");
    if (r.ok !== "help") return;
    for (const name of [
      "PAIRBOX_PORT",
      "PAIRBOX_HOST",
      "PAIRBOX_DATA_DIR",
      "PAIRBOX_BASE_URL",
      "PAIRBOX_LOG_LEVEL",
      "PAIRBOX_SESSION_SECRET",
      "PAIRBOX_MAX_UPLOAD_MB",
      "PAIRBOX_WHATSAPP_DRIVER",
      "PAIRBOX_DEMO",
      "PAIRBOX_ADMIN_EMAIL",
      "PAIRBOX_ALLOWED_HOSTS",
    ]) {
      expect(r.text).toContain(name);
    }
  });
});

describe("data directory", () => {
  test("is created with its media folder on first start", () => {
    const root = join(mkdtempSync(join(tmpdir(), "pb-")), "nested", "data");
    const d = prepareDataDir(root);
    expect(Bun.file(join(d.mediaDir)).name).toBe(d.mediaDir);
    expect(d.dbPath).toBe(join(root, "pairbox.db"));
  });

  test("an unwritable data dir stops the start with a message naming the variable", () => {
    const parent = mkdtempSync(join(tmpdir(), "pb-"));
    const blocker = join(parent, "file");
    writeFileSync(blocker, "x");
    // A path under a regular file can never be created, even as root.
    expect(() => prepareDataDir(join(blocker, "data"))).toThrow(/PAIRBOX_DATA_DIR/);
    chmodSync(blocker, 0o600);
  });
});

describe("start-up", () => {
  test("the server refuses a bad port before it opens anything", async () => {
    const proc = Bun.spawn(["bun", "run", "src/main.ts", "--port", "nope"], {
      stderr: "pipe",
      stdout: "pipe",
      env: { ...process.env, PAIRBOX_DATA_DIR: mkdtempSync(join(tmpdir(), "pb-")) },
    });
    const code = await proc.exited;
    const err = await new Response(proc.stderr).text();
    expect(code).toBe(2);
    expect(err.trim()).toMatch(/^pairbox: Invalid PAIRBOX_PORT \(--port\) = "nope"/);
  });
});

describe("PAIRBOX_FETCH_ALLOW", () => {
  test("is a comma-separated list of hosts and ranges, empty by default, shown in --help", () => {
    const none = loadConfig([], {});
    if (none.ok !== true) throw new Error("expected ok");
    expect(none.config.fetchAllow).toEqual([]);
    const some = loadConfig([], { PAIRBOX_FETCH_ALLOW: " files.internal, 10.0.0.0/8 ,*.corp.example" });
    if (some.ok !== true) throw new Error("expected ok");
    expect(some.config.fetchAllow).toEqual(["files.internal", "10.0.0.0/8", "*.corp.example"]);
    const bad = loadConfig(["--fetch-allow", "10.0.0.0/99"], {});
    expect(bad.ok).toBe(false);
    if (bad.ok === false) expect(bad.message).toContain("PAIRBOX_FETCH_ALLOW");
    const help = loadConfig(["--help"], {});
    expect(help.ok === "help" && help.text).toContain("--fetch-allow");
  });
});
