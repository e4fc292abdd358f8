// Another app process for tests/integration/email-outbox-processes.test.ts: drains the e-mail outbox of the database
// DATABASE_URL names into the SMTP server given, as a second server would. Prints "ready" once loaded, waits for a
// line on stdin, drains, and prints what it sent.
import readline from "node:readline";
import { drainEmailOutbox } from "~/models/notifications/email-outbox.server";

const [smtpUrl, batch] = process.argv.slice(2);
console.log("ready");
await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once("line", resolve));
console.log(JSON.stringify(await drainEmailOutbox({ smtpUrl, batch: Number(batch) })));
process.exit(0);
