import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";

export type DataDir = { root: string; dbPath: string; mediaDir: string; secretPath: string };

export class DataDirError extends Error {}

/** Creates the data directory layout on first start and checks that we may write to it. */
export function prepareDataDir(dir: string): DataDir {
  const root = resolve(dir);
  try {
    mkdirSync(root, { recursive: true });
    mkdirSync(join(root, "media"), { recursive: true });
    accessSync(root, constants.W_OK);
  } catch (err) {
    throw new DataDirError(
      `Invalid PAIRBOX_DATA_DIR (--data-dir) = ${JSON.stringify(dir)}: not a writable directory (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  return {
    root,
    dbPath: join(root, "pairbox.db"),
    mediaDir: join(root, "media"),
    secretPath: join(root, "secret.key"),
  };
}

/**
 * Owner-only modes for what an older version (or a looser umask) left readable by every local
 * user. The folders are enough to shut out others from the media files below them, so those are
 * not walked one by one. A folder we do not own (a mounted volume) keeps its mode: warned, not fatal.
 */
export function restrictModes(dataDir: DataDir): string[] {
  const problems: string[] = [];
  const targets: [string, number][] = [
    [dataDir.root, 0o700],
    [dataDir.mediaDir, 0o700],
    ...[dataDir.dbPath, `${dataDir.dbPath}-wal`, `${dataDir.dbPath}-shm`, dataDir.secretPath].map(
      (p) => [p, 0o600] as [string, number],
    ),
  ];
  for (const [path, mode] of targets) {
    if (!existsSync(path) || (statSync(path).mode & 0o777) === mode) continue;
    try {
      chmodSync(path, mode);
    } catch (err) {
      problems.push(`${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  return problems;
}

/** The configured secret, or one generated once into the data directory (readable by us only). */
export function loadOrCreateSecret(dataDir: DataDir, configured: string): string {
  if (configured) return configured;
  if (existsSync(dataDir.secretPath)) return readFileSync(dataDir.secretPath, "utf8").trim();
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  writeFileSync(dataDir.secretPath, `${secret}\n`, { mode: 0o600 });
  chmodSync(dataDir.secretPath, 0o600);
  return secret;
}
