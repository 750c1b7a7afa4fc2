import { Layout } from "./layout.tsx";

export function ErrorPage(p: {
  code: number;
  title: string;
  message: string;
  requestId?: string;
  /** A page of ours the person came from. */
  back?: string;
}) {
  return (
    <Layout title={p.title}>
      <section class="error-page">
        <div class="code">{p.code}</div>
        <h1>{p.title}</h1>
        <p class="muted">{p.message}</p>
        {p.requestId ? (
          <p class="muted">
            <small>
              Reference: <code>{p.requestId}</code>
            </small>
          </p>
        ) : null}
        <p class="error-actions">
          {p.back ? (
            <a class="button" href={p.back}>
              Back
            </a>
          ) : null}
          <a class="button secondary" href="/inbox">
            Go to the inbox
          </a>
        </p>
      </section>
    </Layout>
  );
}
