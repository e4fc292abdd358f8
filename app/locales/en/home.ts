import type { home as zh } from "../zh-CN/home";

export const home: typeof zh = {
  welcome: (name: string) => `Hello, ${name}`,
  yourOrg: "Organisation",
  yourRole: "Role",
  publicIntro:
    "Trade unions across Shangluo spend members' welfare funds on farm products from poverty-relief villages. Bangfu shows, at any moment, which unions meet the rule of at least 30% of welfare funds on poverty-relief products.",
  browseCatalog: "Browse products",
  signIn: "Sign in",
  stats: {
    unions: "Grassroots unions",
    suppliers: "Suppliers",
    products: "Products on sale",
    villages: "Supported villages",
  },
};
