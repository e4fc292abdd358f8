// Self-service, password policy, reset links, temporary passwords and deactivation (issue 14).
import { beforeAll, describe, expect, it } from "vitest";
import { passwordProblem } from "~/domain/password-policy";
import { action as accountAction, loader as accountLoader } from "~/routes/account._index";
import { action as passwordAction, loader as passwordLoader } from "~/routes/account.password";
import { action as loginAction } from "~/routes/login";
import { action as userAction, loader as userLoader } from "~/routes/manage.users.$userId";
import { loader as usersLoader } from "~/routes/manage.users._index";
import { action as resetAction, loader as resetLoader } from "~/routes/reset.$token";
import { loader as unionLoader } from "~/routes/union._index";
import { loader as productsLoader } from "~/routes/products._index";
import { loader as reportsLoader } from "~/routes/reports._index";
import { isCommonPassword } from "~/utils/common-passwords.server";
import { db, reader, transaction } from "~/utils/db.server";
import { instant, one, q, run } from "~/utils/sql.server";
import { cookieFor, formRequest, getRequest, responseOf, seedDemoBase } from "../support/fixtures";

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const userId = async (username: string) => (await one(reader, q.selectFrom("User").select("id").where("username", "=", username))).id;
const sessionCount = async (username: string) =>
  (
    await one(
      reader,
      q
        .selectFrom("Session")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("userId", "=", await userId(username)),
    )
  ).n;
const audits = async (action: string) =>
  (
    await one(
      reader,
      q
        .selectFrom("AuditLog")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("action", "=", action),
    )
  ).n;
const passwordResets = async () =>
  (
    await one(
      reader,
      q.selectFrom("PasswordReset").select((eb) => eb.fn.countAll<number>().as("n")),
    )
  ).n;

async function signIn(username: string, password: string) {
  return responseOf(() => loginAction(args(formRequest("/login", { username, password }))));
}
const cookieOf = (response: Response) => response.headers.get("Set-Cookie")!.split(";")[0];

beforeAll(async () => {
  await seedDemoBase();
});

describe("password policy", () => {
  it("ships the 10k common-password list and refuses short, common and username passwords", () => {
    expect(isCommonPassword("password")).toBe(true);
    expect(isCommonPassword("QWERTYUIOP")).toBe(true);
    // The demo accounts sign in with the published demo password, but nobody may choose it.
    expect(isCommonPassword("bangfu2026")).toBe(true);
    expect(passwordProblem("short", "x", isCommonPassword)).toBe("tooShort");
    expect(passwordProblem("1234567890", "x", isCommonPassword)).toBe("common");
    expect(passwordProblem("hospital.buyer", "hospital.buyer", isCommonPassword)).toBe("sameAsUsername");
    expect(passwordProblem("bangfu2026", "hospital.buyer", isCommonPassword)).toBe("common");
    expect(passwordProblem("aaaaabbbbb", "x", isCommonPassword)).toBe("weak");
    expect(passwordProblem("tea-from-shangnan-7", "x", isCommonPassword)).toBeNull();
  });

  it("refuses a common password on the change form and changes nothing", async () => {
    const cookie = await cookieFor("school.buyer");
    const before = (await db.user.findUniqueOrThrow({ where: { username: "school.buyer" } })).passwordHash;
    const response = await responseOf(() =>
      passwordAction(
        args(
          formRequest(
            "/account/password",
            { intent: "changePassword", currentPassword: "bangfu2026", newPassword: "qwertyuiop", confirmPassword: "qwertyuiop" },
            cookie,
          ),
        ),
      ),
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("常见密码");
    expect((await db.user.findUniqueOrThrow({ where: { username: "school.buyer" } })).passwordHash).toBe(before);
  });
});

describe("self-service", () => {
  it("a password change signs out the user's other sessions and keeps this one", async () => {
    const here = cookieOf(await signIn("hospital.buyer", "bangfu2026"));
    const elsewhere = cookieOf(await signIn("hospital.buyer", "bangfu2026"));
    expect(await sessionCount("hospital.buyer")).toBe(2);
    const response = await responseOf(() =>
      passwordAction(
        args(
          formRequest(
            "/account/password",
            { intent: "changePassword", currentPassword: "bangfu2026", newPassword: "tea-from-shangnan-7", confirmPassword: "tea-from-shangnan-7" },
            here,
          ),
        ),
      ),
    );
    expect(response.status).toBe(302);
    expect(await sessionCount("hospital.buyer")).toBe(1);
    expect((await responseOf(() => accountLoader(args(getRequest("/account", here))))).status).toBe(200);
    const refused = await responseOf(() => accountLoader(args(getRequest("/account", elsewhere))));
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toContain("/login");
    expect((await signIn("hospital.buyer", "tea-from-shangnan-7")).status).toBe(302);
    expect(await audits("account.passwordChange")).toBe(1);
  });

  it("a wrong current password changes nothing", async () => {
    const cookie = await cookieFor("school.buyer");
    const response = await responseOf(() =>
      passwordAction(
        args(
          formRequest(
            "/account/password",
            { intent: "changePassword", currentPassword: "not-my-password", newPassword: "walnut-harvest-99", confirmPassword: "walnut-harvest-99" },
            cookie,
          ),
        ),
      ),
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("当前密码不正确");
  });

  it("edits the profile, saves the language, lists and ends own sessions", async () => {
    const cookie = await cookieFor("sz-03.buyer");
    const other = await cookieFor("sz-03.buyer");
    expect(
      (
        await responseOf(() =>
          accountAction(args(formRequest("/account", { intent: "profile", name: "新名字", phone: "13800000000", email: "a@example.cn" }, cookie))),
        )
      ).status,
    ).toBe(200);
    const bad = await responseOf(() => accountAction(args(formRequest("/account", { intent: "profile", name: "", email: "not-an-email" }, cookie))));
    expect(bad.status).toBe(400);
    const lang = await responseOf(() => accountAction(args(formRequest("/account", { intent: "language", locale: "en" }, cookie))));
    expect(lang.headers.get("Set-Cookie")).toContain("bangfu_lang");
    const user = await db.user.findUniqueOrThrow({ where: { username: "sz-03.buyer" } });
    expect([user.name, user.phone, user.email, user.locale]).toEqual(["新名字", "13800000000", "a@example.cn", "en"]);
    const page = (await (await responseOf(() => accountLoader(args(getRequest("/account", cookie))))).json()) as {
      sessions: Array<{ handle: string; current: boolean }>;
    };
    expect(page.sessions).toHaveLength(2);
    const otherHandle = page.sessions.find((s) => !s.current)!.handle;
    await responseOf(() => accountAction(args(formRequest("/account", { intent: "endSession", session: otherHandle }, cookie))));
    expect((await responseOf(() => accountLoader(args(getRequest("/account", other))))).status).toBe(302);
    expect((await responseOf(() => accountLoader(args(getRequest("/account", cookie))))).status).toBe(200);
  });
});

describe("reset by an administrator", () => {
  it("a reset link works once and only before it expires", async () => {
    const admin = await cookieFor("admin");
    const target = await userId("sz-04.buyer");
    const issued = (await (
      await responseOf(() => userAction(args(formRequest(`/manage/users/${target}`, { intent: "resetLink" }, admin), { userId: String(target) })))
    ).json()) as { issued: { secret: string } };
    const token = issued.issued.secret.split("/reset/")[1];
    expect(await (await responseOf(() => resetLoader(args(getRequest(`/reset/${token}`), { token })))).json()).toEqual({ username: "sz-04.buyer" });
    const weak = await responseOf(() =>
      resetAction(args(formRequest(`/reset/${token}`, { newPassword: "sz-04.buyer", confirmPassword: "sz-04.buyer" }), { token })),
    );
    expect(weak.status).toBe(400);
    const ok = await responseOf(() =>
      resetAction(args(formRequest(`/reset/${token}`, { newPassword: "chestnut-zhenan-4", confirmPassword: "chestnut-zhenan-4" }), { token })),
    );
    expect(ok.status).toBe(302);
    expect((await signIn("sz-04.buyer", "chestnut-zhenan-4")).status).toBe(302);
    const again = await responseOf(() =>
      resetAction(args(formRequest(`/reset/${token}`, { newPassword: "another-pass-5566", confirmPassword: "another-pass-5566" }), { token })),
    );
    expect(again.status).toBe(410);
    expect((await signIn("sz-04.buyer", "chestnut-zhenan-4")).status).toBe(302);

    const second = (await (
      await responseOf(() => userAction(args(formRequest(`/manage/users/${target}`, { intent: "resetLink" }, admin), { userId: String(target) })))
    ).json()) as { issued: { secret: string } };
    const expiredToken = second.issued.secret.split("/reset/")[1];
    await transaction(async (c) => {
      await run(
        c,
        q
          .updateTable("PasswordReset")
          .set({ expiresAt: instant(Date.now() - 1000) })
          .where("usedAt", "is", null),
      );
    });
    const expired = await responseOf(() =>
      resetAction(
        args(formRequest(`/reset/${expiredToken}`, { newPassword: "another-pass-5566", confirmPassword: "another-pass-5566" }), { token: expiredToken }),
      ),
    );
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ problem: "expired" });
    expect(await audits("user.resetLink")).toBe(2);
    expect(await audits("account.passwordReset")).toBe(1);
  });

  it("a temporary password forces a change at first sign-in", async () => {
    const chair = await cookieFor("sz-05.chair");
    const target = await userId("sz-05.buyer");
    const issued = (await (
      await responseOf(() => userAction(args(formRequest(`/manage/users/${target}`, { intent: "temporaryPassword" }, chair), { userId: String(target) })))
    ).json()) as { issued: { secret: string } };
    const signedIn = await signIn("sz-05.buyer", issued.issued.secret);
    expect(signedIn.status).toBe(302);
    const cookie = cookieOf(signedIn);
    const elsewhere = await responseOf(() => unionLoader(args(getRequest("/union", cookie))));
    expect(elsewhere.headers.get("Location")).toBe("/account/password");
    expect(await (await responseOf(() => passwordLoader(args(getRequest("/account/password", cookie))))).json()).toEqual({ forced: true });
    const changed = await responseOf(() =>
      passwordAction(
        args(
          formRequest(
            "/account/password",
            { intent: "changePassword", currentPassword: issued.issued.secret, newPassword: "lotus-root-shanyang", confirmPassword: "lotus-root-shanyang" },
            cookie,
          ),
        ),
      ),
    );
    expect(changed.headers.get("Location")).toBe("/union");
    expect((await responseOf(() => unionLoader(args(getRequest("/union", cookie))))).status).toBe(200);
  });

  it("a chair cannot reset someone outside the union, nor a leader outside the subtree (403, nothing issued)", async () => {
    const before = await passwordResets();
    const outsider = await userId("ln-01.buyer");
    for (const username of ["sz-05.chair", "sz.leader"]) {
      const cookie = await cookieFor(username);
      const response = await responseOf(() =>
        userAction(args(formRequest(`/manage/users/${outsider}`, { intent: "resetLink" }, cookie), { userId: String(outsider) })),
      );
      expect(response.status).toBe(403);
    }
    const buyerCookie = await cookieFor("hospital.buyer");
    const buyer = await responseOf(() => usersLoader(args(getRequest("/manage/users", buyerCookie))));
    expect(buyer.status).toBe(403);
    expect(await passwordResets()).toBe(before);
  });
});

describe("deactivation", () => {
  it("a deactivated user's existing session is refused on every route and sign-in fails", async () => {
    const session = await cookieFor("sz-06.buyer");
    const chairSession = await cookieFor("sz-06.chair");
    const target = await userId("sz-06.buyer");
    const leader = await cookieFor("sz.leader");
    expect(
      (await responseOf(() => userAction(args(formRequest(`/manage/users/${target}`, { intent: "deactivate" }, leader), { userId: String(target) })))).status,
    ).toBe(200);
    expect(await sessionCount("sz-06.buyer")).toBe(0);
    // Even a session row that survived (written straight to the table) is refused by the session join.
    await transaction(async (c) => {
      await run(
        c,
        q
          .insertInto("Session")
          .columns(["id", "userId", "membershipId", "expiresAt", "createdAt"])
          .expression(
            q
              .selectFrom("Membership")
              .select((eb) => [
                eb.val("zombie").as("id"),
                "userId",
                "id as membershipId",
                eb.val(instant(Date.now() + 3600_000)).as("expiresAt"),
                eb.val(instant(Date.now())).as("createdAt"),
              ])
              .where("userId", "=", target),
          ),
      );
    });
    for (const cookie of [session]) {
      for (const run of [
        () => unionLoader(args(getRequest("/union", cookie))),
        () => accountLoader(args(getRequest("/account", cookie))),
        () => reportsLoader(args(getRequest("/reports", cookie))),
      ]) {
        const response = await responseOf(run);
        expect(response.status).toBe(302);
        expect(response.headers.get("Location")).toContain("/login");
      }
    }
    const { getCurrentUser, sessionCookie } = await import("~/utils/session.server");
    const zombie = (await sessionCookie.serialize("zombie")).split(";")[0];
    expect(await getCurrentUser(getRequest("/", zombie))).toBeNull();
    expect((await signIn("sz-06.buyer", "bangfu2026")).status).toBe(400);
    // The public catalog still renders for the deactivated cookie, as for anyone signed out.
    expect((await responseOf(() => productsLoader(args(getRequest("/products", session))))).status).toBe(200);
    // Another member of the union is untouched.
    expect((await responseOf(() => unionLoader(args(getRequest("/union", chairSession))))).status).toBe(200);
    expect(
      (await responseOf(() => userAction(args(formRequest(`/manage/users/${target}`, { intent: "reactivate" }, leader), { userId: String(target) })))).status,
    ).toBe(200);
    expect((await signIn("sz-06.buyer", "bangfu2026")).status).toBe(302);
    expect(await audits("user.deactivate")).toBe(1);
    expect(await audits("user.reactivate")).toBe(1);
  });

  it("a leader cannot deactivate a user outside the subtree; the loader shows scope", async () => {
    const outsider = await userId("ln-02.buyer");
    const leader = await cookieFor("sz.leader");
    expect(
      (await responseOf(() => userAction(args(formRequest(`/manage/users/${outsider}`, { intent: "deactivate" }, leader), { userId: String(outsider) }))))
        .status,
    ).toBe(403);
    expect((await responseOf(() => userLoader(args(getRequest(`/manage/users/${outsider}`, leader), { userId: String(outsider) })))).status).toBe(403);
    expect((await db.user.findUniqueOrThrow({ where: { id: outsider } })).deactivatedAt).toBeNull();
    const list = (await (await responseOf(() => usersLoader(args(getRequest("/manage/users?q=buyer", leader))))).json()) as {
      users: Array<{ username: string }>;
    };
    expect(list.users.length).toBeGreaterThan(0);
    expect(list.users.every((u) => u.username.startsWith("sz") || u.username.startsWith("hospital") || u.username.startsWith("school"))).toBe(true);
  });

  it("membership: a leader adds a role within the subtree and cannot remove the last one", async () => {
    const leader = await cookieFor("sz.leader");
    const target = await userId("sz-02.chair");
    const union = (await one(reader, q.selectFrom("Membership").select("orgId").where("userId", "=", target).orderBy("id").limit(1))).orgId;
    expect(
      (
        await responseOf(() =>
          userAction(
            args(formRequest(`/manage/users/${target}`, { intent: "addMembership", orgId: String(union), role: "BUYER" }, leader), { userId: String(target) }),
          ),
        )
      ).status,
    ).toBe(200);
    const wrongRole = await responseOf(() =>
      userAction(
        args(formRequest(`/manage/users/${target}`, { intent: "addMembership", orgId: String(union), role: "LEADER" }, leader), { userId: String(target) }),
      ),
    );
    expect(wrongRole.status).toBe(400);
    const lnCounty = (await one(reader, q.selectFrom("Organization").select("id").where("code", "=", "LN"))).id;
    expect(
      (
        await responseOf(() =>
          userAction(
            args(formRequest(`/manage/users/${target}`, { intent: "addMembership", orgId: String(lnCounty), role: "LEADER" }, leader), {
              userId: String(target),
            }),
          ),
        )
      ).status,
    ).toBe(403);
    const memberships = await db.membership.findMany({ where: { userId: target }, orderBy: { id: "asc" } });
    expect(memberships.map((m) => m.role)).toEqual(["APPROVER", "BUYER"]);
    expect(
      (
        await responseOf(() =>
          userAction(
            args(formRequest(`/manage/users/${target}`, { intent: "removeMembership", membershipId: String(memberships[1].id) }, leader), {
              userId: String(target),
            }),
          ),
        )
      ).status,
    ).toBe(200);
    const last = await responseOf(() =>
      userAction(
        args(formRequest(`/manage/users/${target}`, { intent: "removeMembership", membershipId: String(memberships[0].id) }, leader), {
          userId: String(target),
        }),
      ),
    );
    expect(last.status).toBe(400);
    expect(await db.membership.count({ where: { userId: target } })).toBe(1);
  });
});
