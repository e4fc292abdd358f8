import { common } from "./common";

/** What every page carries: the shell (navigation, roles, errors, feedback, the inbox link). */
export const zhCore = { ...common };
