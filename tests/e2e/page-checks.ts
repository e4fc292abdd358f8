// Checks shared by the phone-width and English walks: what overflows its box, and Chinese text outside data.
import type { Page } from "playwright-core";

export interface Overflow {
  element: string;
  text: string;
  width: number;
  box: number;
}

/**
 * Every element wider than its box at the current viewport: anything poking out of the viewport, and any element
 * (scroll containers included) whose content is wider than the element itself.
 */
export function overflowingElements(page: Page): Promise<Overflow[]> {
  return page.evaluate(() => {
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 3).join(".")}` : ""}`;
    const found: Array<{ element: string; text: string; width: number; box: number }> = [];
    const viewport = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > viewport) {
      found.push({ element: "html", text: "", width: document.documentElement.scrollWidth, box: viewport });
    }
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      if (el.closest(".sr-only, [hidden], template, script, style, title, desc, details:not([open]) > :not(summary)")) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const text = (el.textContent ?? "").trim().slice(0, 40);
      if (rect.right > viewport + 1 || rect.left < -1) {
        found.push({ element: describe(el), text, width: Math.round(rect.right), box: viewport });
        continue;
      }
      // An ellipsis is a deliberate cut (the full text is elsewhere), not an overflow.
      const truncated = getComputedStyle(el).textOverflow === "ellipsis";
      if (
        el instanceof HTMLElement &&
        !truncated &&
        !["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) &&
        el.clientWidth > 0 &&
        el.scrollWidth > el.clientWidth + 1
      ) {
        found.push({ element: describe(el), text, width: el.scrollWidth, box: el.clientWidth });
      }
    }
    return found;
  });
}

/** Han characters and CJK punctuation. */
export const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

/**
 * Visible text (and accessible labels) containing Chinese that is not data. Data — organisation, product, person,
 * village names, notes people typed, a Chinese search example — is marked translate="no" (or lang="zh-CN"); the
 * English walk also subtracts every Chinese value stored in the database.
 */
export function chineseOutsideData(page: Page): Promise<string[]> {
  return page.evaluate((source) => {
    const cjk = new RegExp(source);
    const isData = (el: Element | null) => !!el?.closest("[translate='no'], [lang='zh-CN'], script, style, template");
    const found = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? "";
      if (cjk.test(text) && !isData(node.parentElement)) found.add(`${node.parentElement?.tagName.toLowerCase()}: ${text.trim()}`);
    }
    for (const el of Array.from(document.querySelectorAll("[aria-label], [title], [placeholder], option, input[type=submit], img[alt]"))) {
      for (const attr of ["aria-label", "title", "placeholder", "alt", "value"]) {
        const value = el.getAttribute(attr);
        if (value && cjk.test(value) && !isData(el) && !(attr === "value" && el.tagName !== "INPUT"))
          found.add(`${el.tagName.toLowerCase()}[${attr}]: ${value}`);
      }
    }
    return [...found];
  }, CJK.source);
}
