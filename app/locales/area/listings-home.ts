import { listingsHome } from "../zh-CN/listings-home";
import type { Area } from "../areas";

export const listingsHomeArea: Area<"listingsHome"> = { name: "listingsHome", zh: listingsHome };
