/** Hostile strings, each as a person or a phone could send it. */
export const XSS = `<script>alert("pwned")</script><img src=x onerror=alert(1)>`;
export const ATTR_BREAK = `"><svg onload=alert(2)>`;
export const TRAVERSAL = "../../pairbox-traversal-probe.txt";
export const WIN_TRAVERSAL = "..\\..\\pairbox-traversal-probe.ini";
export const EMOJI_RTL = "👍🏽 مرحبا بالعالم \u202Etxt.exe שלום";
export const HUGE = "A".repeat(64 * 1024);

/** Markup that would run if a page rendered a hostile string unescaped. */
export function liveMarkup(html: string): string[] {
  return ["<script>alert(", "<img src=x onerror", "<svg onload=alert"].filter((s) => html.includes(s));
}
