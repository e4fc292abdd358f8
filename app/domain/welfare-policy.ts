// The yearly welfare policy (target T and festival cap) and "budget left" (预算余额): one definition each, used by
// every page and by order submission (shared/docs/domain.md, "Rules settled since the first round").
import type { Fen } from "./money";
import { DEFAULT_TARGET_BASIS_POINTS } from "./welfare-share";

export interface WelfarePolicy {
  /** T in basis points: 3000 = 30% */
  targetBasisPoints: number;
  /** The festival-gift cap per member per year (Shaanxi: ¥2,200) */
  festivalCapPerMemberFen: Fen;
}

export const DEFAULT_WELFARE_POLICY: WelfarePolicy = { targetBasisPoints: DEFAULT_TARGET_BASIS_POINTS, festivalCapPerMemberFen: 220_000 };

/** Kinds of organisation that set a policy for everything below them. */
export const POLICY_SETTING_KINDS = ["FEDERATION", "PARTNER_GROUP"] as const;

/**
 * The body whose policy governs an organisation: its nearest ancestor (itself included) that is a federation or a
 * partner group. Partner unions are governed by their partner group, never by the host city's federation, so one
 * organisation and year has one target on every page (docs/decisions/0100-one-home-per-rule.md).
 */
export function governingBody<T extends { kind: string; path: string }>(ancestors: readonly T[]): T | null {
  let nearest: T | null = null;
  for (const a of ancestors) {
    if ((POLICY_SETTING_KINDS as readonly string[]).includes(a.kind) && (!nearest || a.path.length > nearest.path.length)) nearest = a;
  }
  return nearest;
}

/** The governing body's row for the year, or the defaults when it has set none for that year. */
export function effectivePolicy(row: WelfarePolicy | null | undefined): WelfarePolicy {
  return row ? { targetBasisPoints: row.targetBasisPoints, festivalCapPerMemberFen: row.festivalCapPerMemberFen } : DEFAULT_WELFARE_POLICY;
}

/** The ids on an organisation's materialised path ("/1/5/17/" → [1, 5, 17]), root first. */
export function pathIds(path: string): number[] {
  return path.split("/").filter(Boolean).map(Number);
}

export interface BudgetPosition {
  /** B, null when the union has entered no budget for the year */
  budgetFen: Fen | null;
  /** Platform orders created in the year that are not cancelled or rejected, whether paid or not */
  committedOrdersFen: Fen;
  /** Off-platform welfare spending recorded for the year */
  offPlatformFen: Fen;
}

/** 预算余额 = B − (committed platform orders that are not cancelled or rejected + off-platform spending). */
export function budgetLeftFen(position: BudgetPosition): Fen | null {
  return position.budgetFen == null ? null : position.budgetFen - position.committedOrdersFen - position.offPlatformFen;
}
