// Password reset by e-mail (issue 14, ADR 0143), through a real SMTP server in this process: the mail arrives with a
// working link, the link works once and expires, and the form answers the same for an account that does not exist,
// is deactivated or has no e-mail, sending nothing.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLogin } from "~/models/access/users.server";
import { sha256 } from "~/models/access/accounts.server";
import { drainEmailOutbox } from "~/models/notifications/email-outbox.server";
import { action as forgotAction, loader as forgotLoader } from "~/routes/forgot-password";
import { loader as loginLoader } from "~/routes/login";
import { action as resetAction, loader as resetLoader } from "~/routes/reset.$token";
import { db, reader, transaction } from "~/utils/db.server";
import { all, instant, q, run } from "~/utils/sql.server";
import { env } from "~/utils/env.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";

interface Received {
  to: string;
  raw: string;
}
const received: Received[] = [];
let smtp: SMTPServer;
let smtpUrl: string;
let client = 0;

/** Each request comes from its own documentation-range address unless a test says otherwise. */
const forgot = (identifier: string, clientIp = `198.51.100.${++client}`) =>
  responseOf(() => forgotAction({ request: formRequest("/forgot-password", { identifier }), params: {}, context: { clientIp } }));

/** The decoded text body of a received message (nodemailer sends UTF-8 text as base64 or quoted-printable). */
function bodyOf(raw: string) {
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

function tokenIn(mail: Received): string {
  const match = bodyOf(mail.raw).match(/\/reset\/([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no reset link in:\n${bodyOf(mail.raw)}`);
  return match[1];
}

const resetState = async (token: string) =>
  (await responseOf(() => resetLoader({ request: getRequest(`/reset/${token}`), params: { token }, context: {} }))).json();
const setPassword = (token: string, password: string) =>
  responseOf(() =>
    resetAction({ request: formRequest(`/reset/${token}`, { newPassword: password, confirmPassword: password }), params: { token }, context: {} }),
  );

async function setEmail(username: string, email: string | null) {
  await transaction((c) => run(c, q.updateTable("User").set({ email }).where("username", "=", username)));
}

beforeAll(async () => {
  await seedDemoBase();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  await setEmail("hospital.buyer", "wang@hospital.example");
  await setEmail("school.buyer", "Zhao@School.example");
  await setEmail("sz-05.buyer", "gone@sz05.example");
  await transaction((c) =>
    run(
      c,
      q
        .updateTable("User")
        .set({ deactivatedAt: instant(Date.now()) })
        .where("username", "=", "sz-05.buyer"),
    ),
  );
});

afterAll(async () => {
  env.SMTP_URL = undefined;
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe("without SMTP_URL", () => {
  it("offers no e-mail reset: no link on the sign-in page, and the form is 404", async () => {
    env.SMTP_URL = undefined;
    const login = await (await responseOf(() => loginLoader({ request: getRequest("/login"), params: {}, context: {} }))).json();
    expect(login).toEqual({ emailReset: false });
    expect((await responseOf(() => forgotLoader({ request: getRequest("/forgot-password"), params: {}, context: {} }))).status).toBe(404);
    expect((await forgot("hospital.buyer")).status).toBe(404);
    expect(await db.passwordReset.count()).toBe(0);
  });
});

describe("with SMTP_URL", () => {
  beforeAll(() => {
    env.SMTP_URL = smtpUrl;
  });

  it("mails a link that sets a new password once, ends the user's sessions and is audited", async () => {
    const login = await (await responseOf(() => loginLoader({ request: getRequest("/login"), params: {}, context: {} }))).json();
    expect(login).toEqual({ emailReset: true });
    await cookieFor("hospital.buyer");
    const user = await db.user.findUniqueOrThrow({ where: { username: "hospital.buyer" } });
    expect(await db.session.count({ where: { userId: user.id } })).toBeGreaterThan(0);

    const response = await forgot("hospital.buyer");
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { saved: string };
    expect(answer.saved).toContain("如果有匹配的账户");
    await drainEmailOutbox({ smtpUrl });
    expect(received.map((m) => m.to)).toEqual(["wang@hospital.example"]);
    const token = tokenIn(received[0]);
    expect(bodyOf(received[0].raw)).toContain("hospital.buyer");
    expect(bodyOf(received[0].raw)).toContain("60 分钟");

    // Only the hash of the mailed token is stored, and the link is valid for one hour from the request.
    const reset = await db.passwordReset.findFirstOrThrow({ where: { userId: user.id, kind: "EMAIL" } });
    expect(reset.tokenHash).toBe(sha256(token));
    expect(reset.expiresAt.getTime() - reset.createdAt.getTime()).toBe(3600_000);
    expect(JSON.stringify(await all(reader, q.selectFrom("EmailOutbox").selectAll()))).not.toContain(token);

    expect(await resetState(token)).toEqual({ username: "hospital.buyer" });
    // The password rule applies here too.
    expect((await setPassword(token, "qwertyuiop")).status).toBe(400);
    const done = await setPassword(token, "walnut-from-shangnan-7");
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/login?reset=done");
    expect(await verifyLogin("hospital.buyer", "walnut-from-shangnan-7", "test")).toMatchObject({ userId: user.id });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);

    // Once only.
    expect(await resetState(token)).toEqual({ problem: "used" });
    const again = await setPassword(token, "another-password-99");
    expect(again.status).toBe(410);
    expect(await verifyLogin("hospital.buyer", "another-password-99", "test")).toBeNull();

    const actions = (await db.auditLog.findMany({ where: { entityType: "User", entityId: String(user.id) }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["user.resetEmailRequested", "account.passwordResetByEmail"]);
  });

  it("finds the account by its e-mail address, whatever its case, and writes in the account's language", async () => {
    await transaction((c) => run(c, q.updateTable("User").set({ locale: "en" }).where("username", "=", "school.buyer")));
    received.length = 0;
    expect((await forgot("zhao@school.EXAMPLE")).status).toBe(200);
    await drainEmailOutbox({ smtpUrl });
    expect(received.map((m) => m.to.toLowerCase())).toEqual(["zhao@school.example"]);
    expect(bodyOf(received[0].raw)).toContain("Open the link below within 60 minutes");
    expect(await resetState(tokenIn(received[0]))).toEqual({ username: "school.buyer" });
  });

  it("refuses a link after its hour, and changes nothing", async () => {
    received.length = 0;
    await forgot("school.buyer");
    await drainEmailOutbox({ smtpUrl });
    const token = tokenIn(received[0]);
    // An hour and a second later.
    await transaction((c) =>
      run(
        c,
        q
          .updateTable("PasswordReset")
          .set({ expiresAt: instant(Date.now() - 1000) })
          .where("tokenHash", "=", sha256(token)),
      ),
    );
    expect(await resetState(token)).toEqual({ problem: "expired" });
    const before = (await db.user.findUniqueOrThrow({ where: { username: "school.buyer" } })).passwordHash;
    expect((await setPassword(token, "late-but-strong-42")).status).toBe(410);
    expect((await db.user.findUniqueOrThrow({ where: { username: "school.buyer" } })).passwordHash).toBe(before);
  });

  it("does not send a reset mail whose hour passed before its turn came", async () => {
    received.length = 0;
    await transaction((c) => run(c, q.updateTable("User").set({ email: "late@school.example" }).where("username", "=", "sz-06.buyer")));
    // The server's own immediate attempt is pointed nowhere, so the mail waits in the outbox.
    env.SMTP_URL = "smtp://127.0.0.1:1";
    await forgot("sz-06.buyer");
    await drainEmailOutbox({ smtpUrl: "smtp://127.0.0.1:1" }).catch(() => undefined);
    env.SMTP_URL = smtpUrl;
    const result = await drainEmailOutbox({ smtpUrl, now: new Date(Date.now() + 2 * 3600_000) });
    expect(result.sent).toBe(0);
    expect(received).toEqual([]);
    const row = await db.emailOutbox.findFirstOrThrow({ where: { toAddress: "late@school.example" } });
    expect(row.status).toBe("FAILED");
  });

  it("answers an unknown name, a deactivated account and one without e-mail exactly like a real one, and mails nobody", async () => {
    received.length = 0;
    const resetsBefore = await db.passwordReset.count();
    const real = (await (await forgot("school.buyer")).json()) as unknown;
    await drainEmailOutbox({ smtpUrl });
    expect(received).toHaveLength(1);
    received.length = 0;
    for (const identifier of ["nobody.here", "nobody@nowhere.example", "sz-05.buyer", "gone@sz05.example", "sz-07.buyer"]) {
      const response = await forgot(identifier);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(real);
    }
    expect((await drainEmailOutbox({ smtpUrl })).sent).toBe(0);
    expect(received).toEqual([]);
    expect(await db.passwordReset.count()).toBe(resetsBefore + 1);
  });

  it("throttles requests per name and per client, whether or not the name exists", async () => {
    for (const name of ["throttle.nobody", "sz-08.buyer"]) {
      for (let i = 0; i < 3; i++) expect((await forgot(name)).status).toBe(200);
      const refused = await forgot(name);
      expect(refused.status).toBe(429);
      expect(JSON.stringify(await refused.json())).toContain("申请过于频繁");
    }
    const ip = "203.0.113.77";
    for (let i = 0; i < 10; i++) expect((await forgot(`someone.${i}`, ip)).status).toBe(200);
    expect((await forgot("someone.else", ip)).status).toBe(429);
  });

  it("refuses an empty form with a clear message", async () => {
    const response = await forgot("  ");
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("请填写此项");
  });
});
