import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import type { Role } from "~/domain/roles";
import type { Messages } from "~/locales";
import { useLocale, useT } from "~/utils/i18n";

type NavKey = keyof Messages["nav"];

/** What each role sees in the navigation; the routes themselves still guard. */
const NAV_BY_ROLE: Record<Role, Array<[NavKey, string]>> = {
  BUYER: [
    ["home", "/union"],
    ["catalog", "/products"],
    ["draft", "/union/draft"],
    ["newOrder", "/union/orders/new"],
    ["orders", "/union/orders"],
    ["budget", "/union/budget"],
  ],
  APPROVER: [
    ["home", "/union"],
    ["approvals", "/union/approvals"],
    ["orders", "/union/orders"],
    ["budget", "/union/budget"],
    ["catalog", "/products"],
    ["users", "/manage/users"],
    ["audit", "/audit"],
  ],
  SUPPLIER: [
    ["home", "/supplier"],
    ["listings", "/supplier/products"],
    ["packs", "/packs/propose"],
    ["supplierOrders", "/supplier/orders"],
    ["payouts", "/supplier/settlements"],
  ],
  LEADER: [
    ["reports", "/reports"],
    ["campaigns", "/campaigns"],
    ["certificates", "/certificates"],
    ["listingReview", "/listings/review"],
    ["welfareRules", "/welfare-rules"],
    ["complaints", "/complaints"],
    ["catalog", "/products"],
    ["users", "/manage/users"],
    ["orgs", "/manage/orgs"],
    ["audit", "/audit"],
  ],
  FINANCE: [
    ["finance", "/finance"],
    ["catalog", "/products"],
  ],
  ADMIN: [
    ["admin", "/admin"],
    ["listingReview", "/listings/review"],
    ["welfareRules", "/welfare-rules"],
    ["users", "/manage/users"],
    ["orgs", "/manage/orgs"],
    ["audit", "/audit"],
    ["catalog", "/products"],
  ],
};

export interface ShellUser {
  name: string;
  role: Role;
  orgName: string;
  /** Unread notifications, and orders waiting for this chair's approval. */
  unread?: number;
  approvals?: number;
}

/** The nav item for a path: the longest matching prefix, so /union/orders/new lights "new order" only. */
export function activeNavItem(items: Array<[NavKey, string]>, pathname: string): string | null {
  let best: string | null = null;
  for (const [, to] of items) {
    if ((pathname === to || pathname.startsWith(`${to}/`)) && (best === null || to.length > best.length)) best = to;
  }
  return best;
}

function NavLinks({ items, active, vertical, approvals }: { items: Array<[NavKey, string]>; active: string | null; vertical?: boolean; approvals?: number }) {
  const t = useT();
  return (
    <ul className={vertical ? "flex flex-col gap-1 text-base" : "flex flex-wrap gap-1 text-sm"}>
      {items.map(([key, to]) => (
        <li key={to}>
          <Link
            to={to}
            aria-current={active === to ? "page" : undefined}
            className={`block whitespace-nowrap rounded px-2 py-2 text-white no-underline hover:bg-brand-800 hover:no-underline ${active === to ? "bg-brand-800 font-semibold" : ""}`}
          >
            {t.nav[key]}
            {key === "approvals" && approvals ? (
              <span className="ml-1 rounded-full bg-white px-1.5 text-xs font-bold text-brand-800" data-testid={vertical ? undefined : "approvals-count"}>
                {approvals}
              </span>
            ) : null}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function AppShell({ user, children }: { user: ShellUser | null; children: ReactNode }) {
  const t = useT();
  const otherLocale = useLocale() === "en" ? "zh-CN" : "en";
  const location = useLocation();
  const items = user ? NAV_BY_ROLE[user.role] : ([["catalog", "/products"]] as Array<[NavKey, string]>);
  const active = activeNavItem(items, location.pathname);
  // On a phone the nav is a <details> menu: it opens without JavaScript; after a client-side navigation it closes.
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.pathname, location.search]);
  const languageSwitch = (
    <Form method="post" action="/lang" reloadDocument>
      <input type="hidden" name="to" value={otherLocale} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" className="rounded px-2 py-2 text-white underline-offset-2 hover:underline" lang={otherLocale}>
        {t.nav.switchLanguage}
      </button>
    </Form>
  );
  // The inbox link is rendered once, outside the collapsible menu, so its unread count is always in view.
  const notices = user ? (
    <Link to="/notifications" className="whitespace-nowrap rounded px-2 py-2 text-white no-underline hover:bg-brand-800 hover:no-underline">
      {t.inbox.title}
      {user.unread ? (
        <>
          <span className="ml-1 rounded-full bg-white px-1.5 text-xs font-bold text-brand-800" data-testid="unread-count">
            {user.unread}
          </span>
          <span className="sr-only">{t.inbox.unread(user.unread)}</span>
        </>
      ) : null}
    </Link>
  ) : null;
  const account = user ? (
    <>
      <Link to="/account" className="whitespace-nowrap rounded px-2 py-1.5 text-white underline-offset-2 hover:underline">
        {t.nav.account}
      </Link>
      <Form method="post" action="/logout">
        <button type="submit" className="whitespace-nowrap rounded border border-white/40 px-3 py-1.5 text-white hover:bg-brand-800">
          {t.nav.logout}
        </button>
      </Form>
    </>
  ) : (
    <Link to="/login" className="whitespace-nowrap rounded border border-white/40 px-3 py-1.5 text-white no-underline hover:bg-brand-800">
      {t.nav.login}
    </Link>
  );
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
        {t.nav.skipToContent}
      </a>
      <header className="no-print relative border-b border-brand-800 bg-brand-700 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3">
          <Link to="/" className="shrink-0 text-lg font-bold text-white no-underline hover:no-underline">
            {t.appName}
            <span className="ml-2 hidden text-xs font-normal text-brand-100 2xl:inline">{t.appTagline}</span>
          </Link>
          <nav aria-label={t.nav.menu} className="hidden min-w-0 flex-1 lg:block">
            <NavLinks items={items} active={active} approvals={user?.approvals} />
          </nav>
          <div className="ml-auto text-sm lg:order-last lg:ml-0">{notices}</div>
          <div className="hidden items-center gap-3 text-sm lg:flex">
            {languageSwitch}
            {user ? (
              <span
                className="hidden max-w-64 truncate text-brand-100 2xl:inline"
                data-testid="current-user"
                title={`${user.name} · ${t.roles[user.role]} · ${user.orgName}`}
              >
                {user.name} · {t.roles[user.role]} · {user.orgName}
              </span>
            ) : null}
            {account}
          </div>
          <div className="text-sm lg:hidden">{languageSwitch}</div>
          <details ref={menu} className="nav-menu lg:hidden">
            <summary className="flex min-h-11 cursor-pointer list-none items-center gap-2 rounded border border-white/40 px-3 py-1.5 text-sm">
              <span aria-hidden="true">☰</span> {t.nav.menu}
            </summary>
            <div className="absolute inset-x-0 z-40 mt-3 border-b border-brand-800 bg-brand-700 px-4 pb-4 shadow-lg">
              <nav aria-label={t.nav.menu}>
                <NavLinks items={items} active={active} vertical approvals={user?.approvals} />
              </nav>
              {user ? (
                <p className="mt-2 border-t border-white/20 pt-2 text-sm text-brand-100">
                  {user.name} · {t.roles[user.role]} · {user.orgName}
                </p>
              ) : null}
              <div className="mt-2 flex justify-end text-sm">{account}</div>
            </div>
          </details>
        </div>
      </header>
      <main id="main" className="flex-1">
        {children}
      </main>
    </div>
  );
}
