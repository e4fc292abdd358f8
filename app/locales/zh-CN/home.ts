export const home = {
  welcome: (name: string) => `您好，${name}`,
  yourOrg: "所在机构",
  yourRole: "角色",
  publicIntro: "商洛市各级工会用职工福利费采购帮扶村的农特产品。平台按“不少于 30% 福利费用于帮扶产品”的要求，实时统计每个工会的完成情况。",
  browseCatalog: "浏览帮扶产品",
  signIn: "登录",
  stats: {
    unions: "基层工会",
    suppliers: "帮扶供应商",
    products: "在售产品",
    villages: "帮扶村",
  },
};
