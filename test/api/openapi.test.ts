import { describe, expect, test } from "bun:test";
import SwaggerParser from "@apidevtools/swagger-parser";
import type { OpenAPI } from "openapi-types";
import { makeIntegrationApp } from "./helpers.ts";
import { WEBHOOK_EVENTS } from "../../src/webhooks/store.ts";

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        responses?: Record<string, unknown>;
        parameters?: { name: string; in: string; required?: boolean }[];
        security?: unknown[];
      }
    >
  >;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  webhooks: Record<string, unknown>;
};

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

async function fetchDoc() {
  const t = makeIntegrationApp();
  const res = await t.app.request("http://localhost:3000/api/openapi.json");
  expect(res.status).toBe(200);
  return { t, doc: (await res.json()) as Doc, raw: res };
}

/** Every "$ref" in the document, wherever it is. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) refs(n, out);
  } else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe("the OpenAPI document", () => {
  test("is a structurally valid OpenAPI 3.1 document: operations, responses, path parameters and references all hold together", async () => {
    const { doc } = await fetchDoc();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("Pairbox API");
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith("/")).toBe(true);
      for (const [method, op] of Object.entries(item)) {
        expect(METHODS).toContain(method);
        expect(op.operationId).toBeString();
        expect(ids.has(op.operationId!)).toBe(false);
        ids.add(op.operationId!);
        const statuses = Object.keys(op.responses ?? {});
        expect(statuses.some((s) => /^2\d\d$/.test(s))).toBe(true);
        for (const s of statuses) expect(s).toMatch(/^[1-5]\d\d$/);
        const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const declared = (op.parameters ?? []).filter((p) => p.in === "path");
        expect(declared.map((p) => p.name).sort()).toEqual(templated.sort() as string[]);
        for (const p of declared) expect(p.required).toBe(true);
        for (const requirement of op.security ?? [])
          for (const scheme of Object.keys(requirement as object))
            expect(doc.components.securitySchemes).toHaveProperty(scheme);
      }
    }
    for (const ref of refs(doc)) {
      expect(ref).toStartWith("#/components/schemas/");
      expect(doc.components.schemas).toHaveProperty(ref.slice("#/components/schemas/".length));
    }
  });

  test("lists every API route the server answers, and nothing it does not", async () => {
    const { t, doc } = await fetchDoc();
    const served = new Set(
      t.app.routes
        .filter(
          (r) =>
            r.method !== "ALL" &&
            r.path.startsWith("/api/") &&
            !["/api/openapi.json", "/api/docs", "/api/docs/reference.js"].includes(r.path),
        )
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`)),
    );
    expect(served.size).toBeGreaterThanOrEqual(12);
    expect([...documented].sort()).toEqual([...served].sort());
  });

  test("documents every webhook event with the signature headers", async () => {
    const { doc } = await fetchDoc();
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENTS, "webhook.test"].sort());
    const inbound = JSON.stringify(doc.webhooks["message.inbound"]);
    expect(inbound).toContain("x-pairbox-signature");
    expect(inbound).toContain("#/components/schemas/Event_message_inbound");
    expect(JSON.stringify(doc.components.schemas.Event_message_inbound)).toContain(
      "#/components/schemas/MessageEventData",
    );
  });

  // Runs everywhere, CI included (a pinned devDependency, no network: the document has no remote $refs).
  test("validates against the OpenAPI 3.1 schema (swagger-parser)", async () => {
    const { doc } = await fetchDoc();
    await SwaggerParser.validate(structuredClone(doc) as unknown as OpenAPI.Document);
    // The validator is not a no-op: the same document without its required `info` is refused.
    const broken = structuredClone(doc) as Partial<Doc>;
    delete broken.info;
    await expect(SwaggerParser.validate(broken as unknown as OpenAPI.Document)).rejects.toThrow();
  });

  // The reference validator, where this machine has it (it is a Python package, not one of ours).
  const python = Bun.spawnSync(["python3", "-c", "import openapi_spec_validator"], { stderr: "ignore" });
  test.skipIf(python.exitCode !== 0)("passes openapi-spec-validator", async () => {
    const { doc } = await fetchDoc();
    const check = Bun.spawnSync(
      [
        "python3",
        "-c",
        "import json,sys; from openapi_spec_validator import validate; validate(json.load(sys.stdin)); print('valid')",
      ],
      { stdin: new TextEncoder().encode(JSON.stringify(doc)) },
    );
    expect(check.stderr.toString()).toBe("");
    expect(check.stdout.toString().trim()).toBe("valid");
  });

  test("the reference page is served from our origin under the strict CSP, with every operation and a try-it form", async () => {
    const { t, doc } = await fetchDoc();
    const res = await t.app.request("http://localhost:3000/api/docs");
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self' 'nonce-");
    const html = await res.text();
    for (const item of Object.values(doc.paths))
      for (const op of Object.values(item)) expect(html).toContain(`id="${op.operationId}"`);
    expect(html).toContain('<script src="/api/docs/reference.js?v=test"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    expect(html).toContain('class="try"');
    const js = await t.app.request("http://localhost:3000/api/docs/reference.js?v=test");
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(await js.text()).toContain("Authorization");
  });
});
