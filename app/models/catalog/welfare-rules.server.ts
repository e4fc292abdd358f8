// The maintained list of goods welfare funds may not buy, and the sweep that takes listed goods that break it off
// sale (docs/decisions/0111-welfare-eligibility.md). Leaders see and extend the list; every change is audited and
// sweeps the catalog in the same transaction.
import type { Actor } from "~/domain/actor";
import {
  isBanRuleClass,
  welfareIneligibility,
  type BanRule,
  type BanRuleClass,
  type BanRuleKind,
  type Ineligibility,
  type WelfareRules,
} from "~/domain/welfare-eligibility";
import { db, reader, transaction } from "~/utils/db.server";
import { all, first, instant, one, prepared, q, run, type Instant, type Connection } from "~/utils/sql.server";
import { recordAudit } from "~/models/access/audit.server";

const RULES = q.selectFrom("WelfareBanRule").select(["ruleClass", "kind", "value"]).orderBy("id");
const CAP = q.selectFrom("WelfareEligibilitySetting").select("spiritsCapFenPerBottle").where("id", "=", 1);
const DEFAULT_SPIRITS_CAP_FEN = 30000;

function toRules(rows: Array<{ ruleClass: string; kind: string; value: string }>, cap: number | undefined): WelfareRules {
  const rules: BanRule[] = rows.flatMap((r) =>
    isBanRuleClass(r.ruleClass) && (r.kind === "WORD" || r.kind === "PATTERN") ? [{ ruleClass: r.ruleClass, kind: r.kind, value: r.value }] : [],
  );
  return { rules, spiritsCapFenPerBottle: cap ?? DEFAULT_SPIRITS_CAP_FEN };
}

/** The rules as they stand, for validating a form, an edit or an import. */
export async function loadWelfareRules(): Promise<WelfareRules> {
  return welfareRulesOn(reader);
}

/** The same, on a transaction's connection. */
export async function welfareRulesOn(c: Connection): Promise<WelfareRules> {
  return toRules(await all(c, RULES), (await first(c, CAP))?.spiritsCapFenPerBottle);
}

/** The list as leaders see it. */
export async function listWelfareRules() {
  const [rules, setting] = await Promise.all([
    db.welfareBanRule.findMany({ orderBy: [{ ruleClass: "asc" }, { id: "asc" }] }),
    db.welfareEligibilitySetting.findUnique({ where: { id: 1 } }),
  ]);
  return {
    rules: rules.map((r) => ({ id: r.id, ruleClass: r.ruleClass, kind: r.kind, value: r.value, note: r.note, createdAt: r.createdAt.toISOString() })),
    spiritsCapFenPerBottle: setting?.spiritsCapFenPerBottle ?? DEFAULT_SPIRITS_CAP_FEN,
  };
}

export interface TakenOffSale {
  productId: number;
  title: string;
  supplierId: number;
  reason: Ineligibility;
}

/** How a broken rule is kept on the listing (stateReason), so the supplier and the county read which rule it was. */
export function ineligibilityRecord(reason: Ineligibility): string {
  return JSON.stringify(reason);
}

/**
 * Takes every listing that breaks the rules off sale (state BANNED, not orderable) and records each in the audit
 * log for its supplier. Runs inside the write that changed the rules, and at start-up for goods listed before.
 */
/** Takes one listing off sale: prepared once, as the statement it replaced was prepared once per sweep. */
const banListing = prepared((p: { stateReason: string; at: Instant; id: number }) =>
  q.updateTable("Product").set({ listingState: "BANNED", active: 0, stateReason: p.stateReason, stateChangedAt: p.at, updatedAt: p.at }).where("id", "=", p.id),
);

export async function sweepBannedListings(c: Connection, actor: { actorId: number | null; orgId: number | null }, now = Date.now()): Promise<TakenOffSale[]> {
  const welfare = await welfareRulesOn(c);
  const rows = await all(
    c,
    q
      .selectFrom("Product as p")
      .innerJoin("Supplier as s", "s.id", "p.supplierId")
      .select(["p.id", "p.title", "p.description", "p.category", "p.unit", "p.priceFen", "p.supplierId", "p.listingState", "s.orgId as supplierOrgId"])
      .where("p.listingState", "<>", "BANNED"),
  );
  const taken: TakenOffSale[] = [];
  for (const p of rows) {
    const reason = welfareIneligibility(p, welfare);
    if (!reason) continue;
    await run(c, banListing({ stateReason: ineligibilityRecord(reason), at: instant(now), id: p.id }));
    await recordAudit(c, {
      actorId: actor.actorId,
      orgId: p.supplierOrgId,
      action: "product.takenOffSale",
      entityType: "Product",
      entityId: p.id,
      detail: { before: { listingState: p.listingState }, after: { listingState: "BANNED" }, reason, byOrgId: actor.orgId },
    });
    taken.push({ productId: p.id, title: p.title, supplierId: p.supplierId, reason });
  }
  return taken;
}

export type AddRuleOutcome = { outcome: "added"; takenOffSale: TakenOffSale[] } | { outcome: "duplicate" };

/** A leader extends the list; listed goods that now break it go off sale in the same transaction. */
export function addWelfareBanRule(
  actor: Pick<Actor, "userId" | "org">,
  rule: { ruleClass: BanRuleClass; kind: BanRuleKind; value: string; note: string },
): Promise<AddRuleOutcome> {
  return transaction(async (c) => {
    const exists = await first(c, q.selectFrom("WelfareBanRule").select("id").where("kind", "=", rule.kind).where("value", "=", rule.value));
    if (exists) return { outcome: "duplicate" as const };
    const { id } = await one(
      c,
      q
        .insertInto("WelfareBanRule")
        .values({ ruleClass: rule.ruleClass, kind: rule.kind, value: rule.value, note: rule.note, createdById: actor.userId, createdAt: instant(Date.now()) })
        .returning("id"),
    );
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "welfareRule.add",
      entityType: "WelfareBanRule",
      entityId: id,
      detail: { before: null, after: rule },
    });
    return { outcome: "added" as const, takenOffSale: await sweepBannedListings(c, { actorId: actor.userId, orgId: actor.org.id }) };
  });
}

/** The city federation sets the spirits cap per bottle; a lower cap sweeps the catalog at once. */
export function setSpiritsCap(actor: Pick<Actor, "userId" | "org">, capFen: number) {
  return transaction(async (c) => {
    const before = (await first(c, CAP))?.spiritsCapFenPerBottle ?? DEFAULT_SPIRITS_CAP_FEN;
    await run(
      c,
      q
        .insertInto("WelfareEligibilitySetting")
        .values({ id: 1, spiritsCapFenPerBottle: capFen, updatedById: actor.userId, updatedAt: instant(Date.now()) })
        .onConflict((oc) =>
          oc.column("id").doUpdateSet((eb) => ({
            spiritsCapFenPerBottle: eb.ref("excluded.spiritsCapFenPerBottle"),
            updatedById: eb.ref("excluded.updatedById"),
            updatedAt: eb.ref("excluded.updatedAt"),
          })),
        ),
    );
    await recordAudit(c, {
      actorId: actor.userId,
      orgId: actor.org.id,
      action: "welfareRule.spiritsCap",
      entityType: "WelfareEligibilitySetting",
      entityId: 1,
      detail: { before: { spiritsCapFenPerBottle: before }, after: { spiritsCapFenPerBottle: capFen } },
    });
    return sweepBannedListings(c, { actorId: actor.userId, orgId: actor.org.id });
  });
}

/** Start-up: listings that predate a rule are taken off sale (scripts/welfare-sweep.ts). */
export function sweepAtStartup() {
  return transaction(async (c) => sweepBannedListings(c, { actorId: null, orgId: null }));
}
