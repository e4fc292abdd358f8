import type { auth as zh } from "../zh-CN/auth";

export const auth: typeof zh = {
  title: "Sign in to Bangfu",
  username: "Username",
  password: "Password",
  submit: "Sign in",
  invalid: "Wrong username or password",
  rateLimited: "Too many failed attempts. Try again in 15 minutes.",
  required: "Required",
  forgotPassword: "Forgot your password? Ask your union's chair, your county union or the platform admin for a reset link.",
  demoHint: "Demo accounts are listed in the README; every password is bangfu2026",
};
