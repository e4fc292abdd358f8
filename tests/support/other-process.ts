// Another app process for a test: a tsx child that loads the app's models on DATABASE_URL's database, prints "ready",
// and on each `go()` does its work once and prints the result as one JSON line (tests/support/*-child.ts).
import { spawn } from "node:child_process";
import readline from "node:readline";

export async function otherProcess<Result>(script: string, args: string[]): Promise<{ go: () => Promise<Result> }> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { env: process.env, stdio: ["pipe", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: child.stdout });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      lines.once("line", resolve);
      child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    });
  const first = await next();
  if (first !== "ready") throw new Error(`${script} said ${first} instead of ready`);
  return {
    go: async () => {
      child.stdin.write("go\n");
      return JSON.parse(await next()) as Result;
    },
  };
}
