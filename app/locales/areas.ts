// Message areas: each page ships the zh-CN messages of the areas it uses, not all of them. A component asks for
// them by handle, `const t = useT(catalogArea, ordersArea)`, and the handle's module brings the area's zh-CN
// messages into that page's chunk; TypeScript refuses `t.orders` when the handle was not passed.
import type { catalog } from "./zh-CN/catalog";
import type { orders } from "./zh-CN/orders";
import type { payments } from "./zh-CN/payments";
import type { reports } from "./zh-CN/reports";
import type { giftPack } from "./zh-CN/gift-pack";
import type { complaints } from "./zh-CN/complaints";
import type { reminders } from "./zh-CN/reminders";
import type { accounts } from "./zh-CN/accounts";
import type { audit } from "./zh-CN/audit";
import type { manage } from "./zh-CN/manage";
import type { listings } from "./zh-CN/listings";
import type { notifications } from "./zh-CN/notifications";
import type { feedback } from "./zh-CN/feedback";
import type { auth } from "./zh-CN/auth";
import type { home } from "./zh-CN/home";
import type { admin } from "./zh-CN/admin";
import type { budgetLeft } from "./zh-CN/budget-left";
import type { unionHome } from "./zh-CN/union-home";
import type { supplierHome } from "./zh-CN/supplier-home";

import type { workspace } from "./zh-CN/workspace";
import type { certificateReview } from "./zh-CN/certificate-review";

import type { listingImport } from "./zh-CN/listing-import";
import type { welfareRules } from "./zh-CN/welfare-rules";
import type { eligibility } from "./zh-CN/eligibility";
import type { listingsHome } from "./zh-CN/listings-home";
import type { catalogImport } from "./zh-CN/catalog-import";

export interface AreaMessages {
  catalog: typeof catalog;
  orders: typeof orders;
  payments: typeof payments;
  reports: typeof reports;
  giftPack: typeof giftPack;
  complaints: typeof complaints;
  reminders: typeof reminders;
  accounts: typeof accounts;
  manage: typeof manage;
  audit: typeof audit;
  listings: typeof listings;
  notifications: typeof notifications;
  listingImport: typeof listingImport;
  welfareRules: typeof welfareRules;
  eligibility: typeof eligibility;
  listingsHome: typeof listingsHome;
  catalogImport: typeof catalogImport;
  workspace: typeof workspace;
  certificateReview: typeof certificateReview;
  auth: typeof auth;
  home: typeof home;
  admin: typeof admin;
  budgetLeft: typeof budgetLeft;
  unionHome: typeof unionHome;
  supplierHome: typeof supplierHome;
  feedback: typeof feedback;
}
export type AreaName = keyof AreaMessages;

/** A handle on one area: its name and its zh-CN messages (English comes with the English chunk). */
export interface Area<N extends AreaName = AreaName> {
  name: N;
  zh: AreaMessages[N];
}
