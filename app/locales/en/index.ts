import type { zhCN } from "../zh-CN";
import { common } from "./common";
import { catalog } from "./catalog";
import { orders } from "./orders";
import { payments } from "./payments";
import { reports } from "./reports";
import { giftPack } from "./gift-pack";
import { notifications } from "./notifications";
import { complaints } from "./complaints";
import { reminders } from "./reminders";
import { accounts, audit, manage } from "./accounts";
import { listings } from "./listings";
import { listingImport } from "./listing-import";
import { welfareRules } from "./welfare-rules";
import { eligibility } from "./eligibility";
import { listingsHome } from "./listings-home";
import { catalogImport } from "./catalog-import";

export const en: typeof zhCN = {
  ...common,
  catalog,
  orders,
  payments,
  reports,
  giftPack,
  notifications,
  complaints,
  reminders,
  accounts,
  manage,
  audit,
  listings,
  listingImport,
  welfareRules,
  eligibility,
  listingsHome,
  catalogImport,
};
