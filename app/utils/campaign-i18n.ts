// Campaign, campaign-report and pack-review strings apart from the global messages: only leaders' and
// cooperatives' pages that import this ship them (docs/decisions/0162-draft-pack-server-validated.md).
import type { Locale } from "~/locales";
import { campaigns as en } from "~/locales/en/campaigns";
import { campaigns as zh } from "~/locales/zh-CN/campaigns";
import { useLocale } from "./i18n";

export type CampaignMessages = typeof zh;

export function campaignMessages(locale: Locale): CampaignMessages {
  return locale === "en" ? en : zh;
}

export function useCampaignT(): CampaignMessages {
  return campaignMessages(useLocale());
}
