import { listings } from "../zh-CN/listings";
import type { Area } from "../areas";

export const listingsArea: Area<"listings"> = { name: "listings", zh: listings };
