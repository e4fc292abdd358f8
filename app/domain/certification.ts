// 扶贫产品认定: a product counts toward the 30% target only while an approved certificate covers the day (in
// China). Expiry is computed from dates; nothing flips a flag.
import { isWithinValidity } from "./china-time";

export interface CertificateLike {
  status: string;
  validFrom: Date;
  validTo: Date;
}

export function certificateCovers(certificate: CertificateLike, at: Date): boolean {
  return certificate.status === "APPROVED" && isWithinValidity(certificate.validFrom, certificate.validTo, at);
}

/** The approved certificate valid at `at`, if any (the one valid longest when several are). */
export function validCertificateAt<C extends CertificateLike>(certificates: readonly C[], at: Date): C | null {
  let best: C | null = null;
  for (const c of certificates) {
    if (certificateCovers(c, at) && (!best || c.validTo > best.validTo)) best = c;
  }
  return best;
}

export type CertificateState = "VALID" | "EXPIRED" | "NOT_YET_VALID" | "SUBMITTED" | "REJECTED";

export function certificateState(certificate: CertificateLike, at: Date): CertificateState {
  if (certificate.status === "SUBMITTED") return "SUBMITTED";
  if (certificate.status === "REJECTED") return "REJECTED";
  if (certificateCovers(certificate, at)) return "VALID";
  return certificate.validTo < at ? "EXPIRED" : "NOT_YET_VALID";
}
