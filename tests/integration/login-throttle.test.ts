// Sign-in throttling lives in the database (docs/decisions/0191-login-throttle-in-the-database.md): a second app
// process on the same database shares the counts, and guesses racing each other, in one process or two, get no more
// password checks than the limit.
import { beforeAll, describe, expect, it } from "vitest";
import { action as loginAction } from "~/routes/login";
import { formRequest, responseOf, seedDemoBase } from "../support/fixtures";
import { otherProcess as spawnOther } from "../support/other-process";

beforeAll(async () => {
  await seedDemoBase();
});

function login(username: string, password: string, client: string) {
  return responseOf(() => loginAction({ request: formRequest("/login", { username, password }), params: {}, context: { clientIp: client } }));
}

/** Another app process: loads the models, and on `go()` makes `count` attempts at once. */
function otherProcess(username: string, client: string, count: number, password = "wrong") {
  return spawnOther<{ checked: number; refused: number }>("tests/support/login-throttle-child.ts", [username, client, String(count), password]);
}

describe("sign-in throttling across processes", () => {
  it("counts one client's failures on an account from two processes together", async () => {
    for (let i = 0; i < 3; i++) expect((await login("school.buyer", "wrong", "203.0.113.60")).status).toBe(400);
    const other = await otherProcess("school.buyer", "203.0.113.60", 2);
    expect(await other.go()).toEqual({ checked: 2, refused: 0 });
    // 3 here + 2 there = 5: this process now refuses, even the right password.
    expect((await login("school.buyer", "bangfu2026", "203.0.113.60")).status).toBe(429);
    expect((await login("school.buyer", "bangfu2026", "198.51.100.60")).status).toBe(302);
  });

  it("lets 20 guesses racing from two processes check the password only 5 times", async () => {
    const other = await otherProcess("hospital.chair", "203.0.113.61", 10);
    const [there, here] = await Promise.all([other.go(), Promise.all(Array.from({ length: 10 }, () => login("hospital.chair", "wrong", "203.0.113.61")))]);
    const checkedHere = here.filter((r) => r.status === 400).length;
    expect(here.filter((r) => r.status === 429).length).toBe(10 - checkedHere);
    expect(there.checked + checkedHere).toBe(5);
  });

  it("lets 20 guesses racing in one process check the password only 5 times (a count read before the failures were recorded let them all through)", async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => login("nanjing.buyer", "wrong", "203.0.113.62")));
    expect(responses.filter((r) => r.status === 400).length).toBe(5);
    expect(responses.filter((r) => r.status === 429).length).toBe(15);
  });

  it("gives the claim back when the password is right: signing in often never throttles", async () => {
    for (let i = 0; i < 8; i++) expect((await login("tea.coop", "bangfu2026", "203.0.113.63")).status).toBe(302);
  });
});
