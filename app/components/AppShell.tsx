import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "~/domain/roles";
import type { Messages } from "~/locales";
import { useLocale, useT } from "~/utils/i18n";

type NavKey = keyof Messages["nav"];

/** What each role sees in the navigation; the routes themselves still guard. */
const NAV_BY_ROLE: Record<Role, Array<[NavKey, string]>> = {
  BUYER: [["home", "/union"], ["catalog", "/products"], ["draft", "/union/draft"], ["newOrder", "/union/orders/new"], ["orders", "/union/orders"], ["budget", "/union/budget"]],
  APPROVER: [["home", "/union"], ["approvals", "/union/approvals"], ["orders", "/union/orders"], ["budget", "/union/budget"], ["catalog", "/products"]],
  SUPPLIER: [["home", "/supplier"], ["listings", "/supplier/products"], ["packs", "/packs/propose"], ["supplierOrders", "/supplier/orders"], ["payouts", "/supplier/settlements"]],
  LEADER: [["reports", "/reports"], ["campaigns", "/campaigns"], ["certificates", "/certificates"], ["complaints", "/complaints"], ["catalog", "/products"]],
  FINANCE: [["finance", "/finance"], ["catalog", "/products"]],
  ADMIN: [["admin", "/admin"], ["catalog", "/products"]],
};

export interface ShellUser {
  name: string;
  role: Role;
  orgName: string;
  /** Unread notifications, and orders waiting for this chair's approval. */
  unread?: number;
  approvals?: number;
}

export function AppShell({ user, children }: { user: ShellUser | null; children: ReactNode }) {
  const t = useT();
  const otherLocale = useLocale() === "en" ? "zh-CN" : "en";
  const location = useLocation();
  const items = user ? NAV_BY_ROLE[user.role] : ([["catalog", "/products"]] as Array<[NavKey, string]>);
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
        {t.nav.skipToContent}
      </a>
      <header className="no-print border-b border-brand-800 bg-brand-700 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link to="/" className="text-lg font-bold text-white no-underline hover:no-underline">
            {t.appName}
            <span className="ml-2 hidden text-xs font-normal text-brand-100 sm:inline">{t.appTagline}</span>
          </Link>
          <nav aria-label={t.nav.menu} className="order-3 w-full overflow-x-auto sm:order-none sm:w-auto sm:flex-1">
            <ul className="flex gap-1 whitespace-nowrap text-sm">
              {items.map(([key, to]) => (
                <li key={to}>
                  <NavLink
                    to={to}
                    end={to === "/union" || to === "/supplier"}
                    className={({ isActive }) =>
                      `block rounded px-2 py-2 text-white no-underline hover:bg-brand-800 hover:no-underline ${isActive ? "bg-brand-800 font-semibold" : ""}`
                    }
                  >
                    {t.nav[key]}
                    {key === "approvals" && user?.approvals ? <span className="ml-1 rounded-full bg-white px-1.5 text-xs font-bold text-brand-800" data-testid="approvals-count">{user.approvals}</span> : null}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <Form method="post" action="/lang" reloadDocument>
              <input type="hidden" name="to" value={otherLocale} />
              <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
              <button type="submit" className="rounded px-2 py-2 text-white underline-offset-2 hover:underline" lang={otherLocale}>
                {t.nav.switchLanguage}
              </button>
            </Form>
            {user ? (
              <>
                <NavLink
                  to="/notifications"
                  className={({ isActive }) => `whitespace-nowrap rounded px-2 py-2 text-white no-underline hover:bg-brand-800 hover:no-underline ${isActive ? "bg-brand-800 font-semibold" : ""}`}
                >
                  {t.notifications.title}
                  {user.unread ? (
                    <>
                      <span className="ml-1 rounded-full bg-white px-1.5 text-xs font-bold text-brand-800" data-testid="unread-count">{user.unread}</span>
                      <span className="sr-only">{t.notifications.unread(user.unread)}</span>
                    </>
                  ) : null}
                </NavLink>
                <span className="hidden text-brand-100 md:inline" data-testid="current-user">
                  {user.name} · {t.roles[user.role]} · {user.orgName}
                </span>
                <Form method="post" action="/logout">
                  <button type="submit" className="rounded border border-white/40 px-3 py-1.5 text-white hover:bg-brand-800">
                    {t.nav.logout}
                  </button>
                </Form>
              </>
            ) : (
              <Link to="/login" className="rounded border border-white/40 px-3 py-1.5 text-white no-underline hover:bg-brand-800">
                {t.nav.login}
              </Link>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="flex-1">
        {children}
      </main>
    </div>
  );
}
