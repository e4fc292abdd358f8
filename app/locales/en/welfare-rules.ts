import type { welfareRules as zh } from "../zh-CN/welfare-rules";

export const welfareRules: typeof zh = {
  title: "Goods welfare funds may not buy",
  help: "A listing whose name or description contains one of these words, or matches one of these patterns, cannot be listed. When a rule is added, listed goods that break it go off sale at once and are listed for their supplier and county union.",
  ruleClass: "Banned class",
  kind: "Type",
  kinds: { WORD: "Word", PATTERN: "Regular expression" },
  value: "Word or pattern",
  note: "Note (optional)",
  add: "Add",
  added: (n: number) => (n ? `Added; ${n} listed products went off sale` : "Added; no listed product is affected"),
  duplicate: "This rule is already on the list",
  badPattern: "Not a valid regular expression",
  spiritsCap: "Spirits price cap per bottle (yuan)",
  spiritsCapHelp: "Spirits priced above this per bottle cannot be listed; only the city federation can change it.",
  saveCap: "Save cap",
  capSaved: (n: number) => (n ? `Saved; ${n} products went off sale` : "Saved"),
  nav: "Banned goods",
};
