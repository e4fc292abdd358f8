// The token a background pass stamps on the outbox rows it claims (docs/decisions/0199-outbox-claims.md): which
// machine and process, for whoever reads the table, and a random part so two passes never share one.
import crypto from "node:crypto";
import os from "node:os";

export function claimantToken(): string {
  return `${os.hostname().slice(0, 100)}/${process.pid}/${crypto.randomUUID()}`;
}
