import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./context.ts";
import { ErrorPage } from "../ui/errors.tsx";

function wantsJson(c: Context<AppEnv>): boolean {
  return c.req.path.startsWith("/api/") || (c.req.header("accept") ?? "").startsWith("application/json");
}

/**
 * A refusal the person caused (a missing permission, an expired form): a page in the layout with a
 * way back; htmx requests get the sentence alone, since it is swapped into the part that asked.
 */
export function refuse(c: Context<AppEnv>, status: 403, message: string): Response | Promise<Response> {
  if (wantsJson(c)) return c.json({ error: "forbidden", message }, status);
  if (c.req.header("hx-request")) return c.text(message, status);
  const back = sameSiteReferrer(c);
  return c.html(<ErrorPage code={status} title="Not allowed" message={message} back={back} />, status);
}

/** Where the person came from, when it is one of our own pages: "Back" returns there. */
function sameSiteReferrer(c: Context<AppEnv>): string | undefined {
  const ref = c.req.header("referer");
  if (!ref) return undefined;
  try {
    const url = new URL(ref);
    return url.host === new URL(c.req.url).host ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}

export const notFound: NotFoundHandler<AppEnv> = (c) => {
  if (wantsJson(c)) return c.json({ error: "not_found", message: "Nothing here." }, 404);
  return c.html(
    <ErrorPage
      code={404}
      title="Not found"
      message="There is nothing at this address, or you do not have access to it."
    />,
    404,
  );
};

/** Errors we cause are logged once with the request id; the person sees a plain page, never a stack trace. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof HTTPException) {
    const status = err.status;
    if (wantsJson(c)) return c.json({ error: "http_error", message: err.message }, status);
    return c.text(err.message || "Request refused.", status);
  }
  const requestId = c.get("requestId");
  c.get("deps").logger.error({ err, requestId, path: c.req.path, method: c.req.method }, "request failed");
  if (wantsJson(c))
    return c.json({ error: "internal", message: "Something went wrong on our side.", requestId }, 500);
  return c.html(
    <ErrorPage
      code={500}
      title="Something went wrong"
      message="The error was logged. Try again; if it keeps happening, tell your administrator."
      requestId={requestId}
    />,
    500,
  );
};
