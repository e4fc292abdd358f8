// The server renders every language: register them all (the browser loads non-default ones on demand).
import { registerMessages } from "./index";
import { en } from "./en";

registerMessages("en", en);
