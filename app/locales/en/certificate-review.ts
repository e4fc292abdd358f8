import type { certificateReview as zh } from "../zh-CN/certificate-review";

export const certificateReview: typeof zh = {
  title: "Certificate review",
  empty: "No certificates waiting for review.",
  product: "Product",
  supplier: "Supplier",
  submittedAt: "Submitted",
  document: "Document",
  approve: "Approve",
  reject: "Reject",
  reason: "Note",
  reasonRequired: "Give a reason when rejecting",
  decided: "Decided",
};
