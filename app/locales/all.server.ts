// The server renders every language: register them all (the browser loads English on demand, and each page's
// zh-CN areas come with its own chunk).
import { registerMessages } from "./index";
import { en } from "./en";
import { zhCN } from "./zh-CN";

registerMessages("en", en);
registerMessages("zh-CN", zhCN);
