// A local SMTP server for the browser tests only (started by global-setup.ts, which points the app's SMTP_URL at it):
// every message the app sends is written as one JSON file, so a test in another process reads its mail from disk.
import fs from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export interface CapturedMail {
  to: string[];
  raw: string;
}

export function startMailCapture(port: number, dir: string): Promise<SMTPServer> {
  fs.mkdirSync(dir, { recursive: true });
  let sequence = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const mail: CapturedMail = { to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") };
        fs.writeFileSync(path.join(dir, `${Date.now()}-${String(++sequence).padStart(5, "0")}.json`), JSON.stringify(mail));
        callback();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

/** The decoded text body of a message (nodemailer sends UTF-8 text as base64 or quoted-printable). */
export function mailText(raw: string): string {
  const [head, ...rest] = raw.split("\r\n\r\n");
  const body = rest.join("\r\n\r\n");
  if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head))
    return Buffer.from(
      body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  return body;
}

/** Waits until a message to `address` arrives in `dir` (after `since`, ms) and returns its text. */
export async function waitForMail(dir: string, address: string, since: number, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
    for (const file of files) {
      if (Number(file.split("-")[0]) < since) continue;
      const mail = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CapturedMail;
      if (mail.to.includes(address)) return mailText(mail.raw);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
}
