import type { Db } from "../../src/db/open.ts";
import type { CoreDeps, Services } from "../../src/messaging/services.ts";
import type { LinkedRecord } from "../../src/messaging/ingest.ts";
import type { ConversationRow } from "../../src/messaging/types.ts";

type LinkFn = (db: Db, conversation: ConversationRow, now: number) => LinkedRecord[];

/**
 * The features a benchmark exercises when they exist in this checkout. The records feature's linking
 * and the workflows are loaded by path, so the benchmarks run (and say what they skipped) on a tree
 * where those features have not landed yet.
 */
export type Features = {
  link: LinkFn;
  linking: boolean;
  installWorkflows: ((services: Services, core: CoreDeps) => void) | null;
  workflowsModule: WorkflowsModule | null;
  notes: string[];
};

type WorkflowsModule = {
  insertWorkflow(
    db: Db,
    w: { recordType: string; name: string; enabled: boolean; pattern: string; steps: unknown[] },
    now: number,
  ): number;
};

async function tryImport<T>(path: string): Promise<T | null> {
  try {
    return (await import(path)) as T;
  } catch {
    return null;
  }
}

// Paths as strings in variables so the bench type-checks and runs before those files land.
const RECORDS_API = "../../src/records/public.ts";
const WORKFLOWS_INSTALL = "../../src/workflows/install.ts";
const WORKFLOWS_STORE = "../../src/workflows/store.ts";

export async function loadFeatures(): Promise<Features> {
  const notes: string[] = [];
  const records = await tryImport<{ linkConversation?: LinkFn }>(RECORDS_API);
  const link = records?.linkConversation ?? null;
  if (!link)
    notes.push(
      "records linking (src/records/public.ts linkConversation) not present: messages were not linked",
    );
  const install = await tryImport<{ installWorkflows?: (s: Services, c: CoreDeps) => void }>(
    WORKFLOWS_INSTALL,
  );
  const store = await tryImport<WorkflowsModule>(WORKFLOWS_STORE);
  const installWorkflows =
    install?.installWorkflows && store?.insertWorkflow ? install.installWorkflows : null;
  if (!installWorkflows)
    notes.push("workflows (src/workflows/install.ts) not loadable: no workflow matching");
  return {
    link: link ?? (() => []),
    linking: !!link,
    installWorkflows,
    workflowsModule: installWorkflows ? store : null,
    notes,
  };
}
