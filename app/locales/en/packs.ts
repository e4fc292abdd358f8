import type { packs as zh } from "../zh-CN/packs";

export const packs: typeof zh = {
  title: "Ready gift packs",
  intro: "Packs proposed by cooperatives (alone or together), approved by the city federation; order them per member and find them on campaign lists.",
  none: "No packs yet.",
  pricePerPack: "Price per pack",
  perMember: (price: string) => `${price} per member`,
  certifiedPart: (price: string) => `of which ${price} counts as assistance`,
  contents: "Contents",
  proposer: "Proposed by",
  statuses: { SUBMITTED: "Awaiting review", APPROVED: "Approved", REJECTED: "Rejected", WITHDRAWN: "Withdrawn" },
};
