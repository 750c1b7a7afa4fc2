/** `pairbox healthcheck`: for the Docker HEALTHCHECK on images without curl. */
export async function runHealthcheck(port: number): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3000) });
    if (res.ok) return 0;
    console.error(`pairbox: /healthz on port ${port} answered ${res.status}`);
    return 1;
  } catch (err) {
    console.error(`pairbox: no answer from /healthz on port ${port}: ${(err as Error).message}`);
    return 1;
  }
}
