// Another app process for tests/postgres-app/two-processes.test.ts: loads the app's routes and models on the database
// DATABASE_URL names (the parent's PostgreSQL database), prints "ready", then for each line on stdin (a job, as JSON)
// does that work with everything in the job at once, as a second server behind a load balancer would, and prints
// what each piece of work answered as one JSON line. Exits when stdin closes.
import readline from "node:readline";

// stdout carries only the answers: anything the app logs goes to stderr.
console.log = console.error;
const { action: submitAction } = await import("~/routes/union.orders.new");
const { action: orderAction } = await import("~/routes/union.orders.$orderId._index");
const { recordBankTransfer } = await import("~/models/payments/bank-transfers.server");
const { recordAudit } = await import("~/models/access/audit.server");
const { closeDatabase, transaction } = await import("~/utils/db.server");
const { q, run } = await import("~/utils/sql.server");
const { formRequest, responseOf } = await import("./fixtures");

export type ChildJob =
  /** Posts each form to the order form's action with the cookie: status and Location of each answer. */
  | { kind: "submit"; cookie: string; forms: Array<Record<string, string>> }
  /** Cancels each order through the order page's action: the status of each answer. */
  | { kind: "cancel"; cookie: string; orderIds: number[] }
  /** Records each bank transfer as finance: the outcome of each. */
  | {
      kind: "transfers";
      financeUserId: number;
      transfers: Array<{ amountFen: number; receivedOn: string; bankReference: string; referenceCode: string; payerName: string }>;
    }
  /**
   * `count` transactions, each appending an audit entry `action`/`${tag}-${i}` and adding 1 to the product's stock
   * (a hot row every transaction of both processes writes); with `fail`, each then throws. Which ones were
   * acknowledged (resolved) and what the others threw.
   */
  | { kind: "transactions"; productId: number; count: number; action: string; tag: string; fail: boolean };

export type ChildAnswer = Array<{ status: number; location?: string | null; body?: string; outcome?: string; error?: string }>;

const tick = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 3));

/** A route's answer: status, Location, and the body of a refusal; an error thrown past the route counts as a 500. */
async function answerOf(respond: () => Promise<Response>) {
  try {
    const response = await respond();
    return { status: response.status, location: response.headers.get("Location"), body: response.status === 302 ? undefined : await response.text() };
  } catch (error) {
    return { status: 500, error: String(error) };
  }
}

async function work(job: ChildJob): Promise<ChildAnswer> {
  switch (job.kind) {
    case "submit":
      return Promise.all(
        job.forms.map((form) =>
          answerOf(() => responseOf(() => submitAction({ request: formRequest("/union/orders/new", form, job.cookie), params: {}, context: {} }))),
        ),
      );
    case "cancel":
      return Promise.all(
        job.orderIds.map((orderId) =>
          answerOf(() =>
            responseOf(() =>
              orderAction({
                request: formRequest(`/union/orders/${orderId}`, { intent: "cancel", reason: "活动取消" }, job.cookie),
                params: { orderId: String(orderId) },
                context: {},
              }),
            ),
          ),
        ),
      );
    case "transfers":
      return Promise.all(
        job.transfers.map(async (transfer) => {
          try {
            return { status: 200, outcome: (await recordBankTransfer({ userId: job.financeUserId }, transfer)).outcome };
          } catch (error) {
            return { status: error instanceof Response ? error.status : 500, error: String(error) };
          }
        }),
      );
    case "transactions":
      return Promise.all(
        Array.from({ length: job.count }, async (_, i) => {
          try {
            await transaction(async (tx) => {
              await recordAudit(tx, { actorId: null, orgId: null, action: job.action, entityType: "Test", entityId: `${job.tag}-${i}` });
              await tick();
              await run(
                tx,
                q
                  .updateTable("Product")
                  .set((eb) => ({ stock: eb("stock", "+", 1) }))
                  .where("id", "=", job.productId),
              );
              await tick();
              if (job.fail) throw new Error(`undo ${job.tag}-${i}`);
            });
            return { status: 200, outcome: `${job.tag}-${i}` };
          } catch (error) {
            return { status: error instanceof Response ? error.status : 500, error: String(error) };
          }
        }),
      );
  }
}

process.stdout.write("ready\n");
for await (const line of readline.createInterface({ input: process.stdin })) {
  process.stdout.write(`${JSON.stringify(await work(JSON.parse(line) as ChildJob))}\n`);
}
await closeDatabase();
process.exit(0);
