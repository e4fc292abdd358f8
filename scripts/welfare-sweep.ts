// Start-up: goods listed before a banned-goods rule existed are taken off sale and recorded (audit log, supplier
// home, county review page). Run by scripts/setup.mjs after migrations; idempotent (banned goods stay banned).
import { sweepAtStartup } from "../app/models/catalog/welfare-rules.server";

const taken = await sweepAtStartup();
if (taken.length) console.log(`Welfare rules: took ${taken.length} listing(s) off sale: ${taken.map((t) => `#${t.productId} ${t.title}`).join(", ")}`);
process.exit(0);
