// Server-side PDF: headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) prints one of our
// own pages, so the PDF is the same HTML and print CSS a person sees. Loaded lazily: only a PDF request pays for it.
import fs from "node:fs";

export function chromiumExecutable(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((p): p is string => !!p);
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/** The page at `path` on this server, as the requesting user sees it (their cookies), printed to A4. */
export async function renderPdf(request: Request, path: string, executablePath: string): Promise<Buffer> {
  const { chromium } = await import("playwright-core");
  // Loop back to this process rather than through any proxy in front of it.
  const origin = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const browser = await chromium.launch({ executablePath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  try {
    const context = await browser.newContext();
    const cookies = (request.headers.get("Cookie") ?? "")
      .split(";")
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf("=");
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: origin };
      })
      .filter((c) => c.name);
    if (cookies.length) await context.addCookies(cookies);
    const page = await context.newPage();
    const response = await page.goto(`${origin}${path}`, { waitUntil: "load", timeout: 30_000 });
    if (!response || response.status() !== 200) throw new Response(null, { status: response?.status() ?? 502 });
    await page.emulateMedia({ media: "print" });
    return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
