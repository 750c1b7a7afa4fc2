import { loadConfig } from "./config.ts";
import { VERSION } from "./version.ts";

/**
 * The command line: config, then the command. Only `serve` (src/serve.ts: data dir → database →
 * … → listen) loads the app; `--help` and `version` answer from the config and version alone, and
 * `healthcheck` and `backup` load just their own module, so none of them pays for the server's start.
 * Every failure is one plain line.
 */
async function main(argv: string[]): Promise<number> {
  // The data directory holds WhatsApp device keys and every conversation: whatever this process
  // creates (database, WAL, media, secret, backups) is for its own user only.
  process.umask(0o077);
  const [command, ...rest] =
    argv[0] && !argv[0].startsWith("-") ? [argv[0], ...argv.slice(1)] : ["serve", ...argv];
  const loaded = loadConfig(rest, process.env);
  if (loaded.ok === "help") {
    console.log(loaded.text);
    return 0;
  }
  if (!loaded.ok) {
    console.error(`pairbox: ${loaded.message}`);
    return 2;
  }
  const config = loaded.config;
  if (command === "healthcheck") return (await import("./healthcheck.ts")).runHealthcheck(config.port);
  if (command === "backup")
    return (await import("./ops/backup.ts")).runBackup(
      config,
      rest.find((a) => !a.startsWith("-") && !isFlagValue(rest, a)),
    );
  if (command === "version") {
    console.log(VERSION);
    return 0;
  }
  if (command !== "serve") {
    console.error(`pairbox: unknown command ${JSON.stringify(command)} (see --help)`);
    return 2;
  }

  return (await import("./serve.ts")).serve(config);
}

/** Whether `arg` is the value of the flag before it (`--data-dir /srv`), not a positional argument. */
function isFlagValue(args: string[], arg: string): boolean {
  const before = args[args.indexOf(arg) - 1];
  return (
    !!before &&
    before.startsWith("--") &&
    !before.includes("=") &&
    !["--demo", "--help", "-h"].includes(before)
  );
}

process.exitCode = await main(process.argv.slice(2));
process.exit(process.exitCode);
