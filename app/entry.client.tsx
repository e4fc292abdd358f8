import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { isLocale, loadMessages } from "~/locales";

// A non-default language's messages are a separate chunk: fetch them before hydrating so the first render
// matches the server's markup.
const lang = document.documentElement.lang;
void loadMessages(isLocale(lang) ? lang : "zh-CN").then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
