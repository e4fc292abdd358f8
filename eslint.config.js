// Lint rules that encode the layers (docs/decisions/0101-enforced-layers.md): a layer may import only the layers
// beneath it, so a rule cannot quietly grow a second home in the wrong place.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

const layer = (files, message, patterns, allowTypeImports = false) => ({
  files,
  rules: {
    "@typescript-eslint/no-restricted-imports": ["error", { patterns: [{ group: patterns, message, allowTypeImports }] }],
  },
});

const noToFixed = {
  selector: "CallExpression[callee.property.name='toFixed']",
  message: "Money and shares are formatted in app/domain (money.ts, welfare-share.ts).",
};
const oneWayToReadABody = [
  {
    selector: "CallExpression[callee.property.name='formData']",
    message: "Read a form with readForm from ~/utils/forms.server (415/400/413 instead of a 500).",
  },
  {
    selector: "CallExpression[callee.name='unstable_parseMultipartFormData']",
    message: "Read an upload with readFormWithUpload or readMultipart from ~/utils/uploads.server.",
  },
];

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      ".builds/**",
      "app/generated/**",
      "node_modules/**",
      "data/**",
      "tests/.cache/**",
      ".cache/**",
      "bench-build*/**",
      "tmp/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  // The data layer answers promises (docs/decisions/0190-two-engines.md): a statement not awaited would run outside
  // its transaction or after the response, and a promise tested as a value is always true.
  {
    files: ["app/**/*.{ts,tsx}", "prisma/**/*.ts", "scripts/**/*.ts", "tests/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ["app/**"],
    ignores: ["app/domain/money.ts", "app/domain/welfare-share.ts"],
    rules: { "no-restricted-syntax": ["error", noToFixed] },
  },
  // Actions read a body one way, so wrong content types and malformed bodies are 415/400, never 500
  // (docs/decisions/0150-hardening.md).
  {
    files: ["app/routes/**", "app/forms/**", "app/models/**"],
    rules: { "no-restricted-syntax": ["error", noToFixed, ...oneWayToReadABody] },
  },
  layer(["app/domain/**"], "app/domain holds pure rules: it imports nothing from models, forms, utils, routes, components, Prisma, Remix or React.", [
    "~/models/*",
    "~/forms/*",
    "~/utils/*",
    "~/routes/*",
    "~/components/*",
    "../models/*",
    "../utils/*",
    "../routes/*",
    "@prisma/*",
    "~/generated/*",
    "@remix-run/*",
    "react",
    "better-sqlite3",
  ]),
  layer(["app/models/**"], "app/models is the data layer: it never imports routes, forms or components.", [
    "~/routes/*",
    "~/components/*",
    "~/forms/*",
    "../routes/*",
    "../components/*",
  ]),
  layer(["app/utils/**"], "app/utils is infrastructure (db, session, env, permissions): it never imports models, forms, routes or components.", [
    "~/models/*",
    "~/forms/*",
    "~/routes/*",
    "~/components/*",
    "../models/*",
    "../routes/*",
  ]),
  layer(["app/forms/**"], "app/forms parses requests: it never imports routes or components.", ["~/routes/*", "~/components/*"]),
  // Components may name the shape of the data they render (a type derived from the model that returns it, so the
  // shape has one home), but never call a model.
  layer(
    ["app/components/**"],
    "Components render data: they never call models or routes (type imports only).",
    ["~/models/*", "~/routes/*", "~/forms/*"],
    true,
  ),
  {
    files: ["tests/**", "scripts/**", "prisma/**"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
  prettier,
);
