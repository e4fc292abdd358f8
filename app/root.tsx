import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { AppShell, type ShellUser } from "~/components/AppShell";
import { useLocale, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { getCurrentUser } from "~/utils/session.server";
import { shellCounts } from "~/models/notifications/notifications.server";
import { useNonce } from "~/utils/nonce";
import stylesheet from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "帮扶集采 Bangfu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getCurrentUser(request), getLocale(request)]);
  const shellUser: ShellUser | null = user ? { name: user.name, role: user.role, orgName: user.org.name, ...(await shellCounts(user)) } : null;
  return json({ user: shellUser, locale });
}

function Document({ children }: { children: ReactNode }) {
  const locale = useLocale();
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <Document>
      <AppShell user={user}>
        <Outlet />
      </AppShell>
    </Document>
  );
}

/** The one error boundary: 403/404/413/415/503/500 pages in the user's language. */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = status === 400 || status === 403 || status === 404 || status === 409 || status === 413 || status === 415 || status === 503 ? status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <Document>
      <AppShell user={data?.user ?? null}>
        <div className="container-page">
          <div className="card mx-auto max-w-lg text-center" role="alert">
            <p className="text-5xl font-bold text-brand-700">{status}</p>
            <h1 className="mt-2">{t.errors.title}</h1>
            <p className="mt-2 text-stone-700" data-testid="error-message">
              {t.errors[known]}
            </p>
            <Link to="/" className="btn-primary mt-4">
              {t.errors.backHome}
            </Link>
          </div>
        </div>
      </AppShell>
    </Document>
  );
}
