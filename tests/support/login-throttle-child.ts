// A second app process for tests/integration/login-throttle.test.ts: the same sign-in steps as routes/login.tsx
// (claim, then check the password), on the database DATABASE_URL names. Prints "ready" once loaded, waits for a line
// on stdin, makes `count` attempts at once and prints how many were checked and how many refused.
import readline from "node:readline";
import { loginThrottle, verifyLogin } from "~/models/access/users.server";

const [username, client, count, password] = process.argv.slice(2);
console.log("ready");
await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once("line", resolve));
const outcomes = await Promise.all(
  Array.from({ length: Number(count) }, async () => {
    if ((await loginThrottle(username, client)).refused) return "refused";
    await verifyLogin(username, password, client);
    return "checked";
  }),
);
console.log(JSON.stringify({ checked: outcomes.filter((o) => o === "checked").length, refused: outcomes.filter((o) => o === "refused").length }));
process.exit(0);
