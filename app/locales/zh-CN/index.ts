import { common } from "./common";
import { catalog } from "./catalog";
import { orders } from "./orders";
import { payments } from "./payments";
import { reports } from "./reports";
import { accounts, audit, manage } from "./accounts";

export const zhCN = { ...common, catalog, orders, payments, reports, accounts, manage, audit };
