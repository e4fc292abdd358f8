-- A stamp of what the catalog's result pages show (docs/decisions/0185-catalog-result-cache.md): every write that can
-- change which listings a search finds, their order or what their cards show moves it, whichever code path or process
-- writes. Stock does not: every order moves it, and the page reads it fresh for the listings it shows.
CREATE TABLE "CatalogVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0,
    CHECK ("id" = 1),
    CHECK ("version" >= 0)
);
INSERT INTO "CatalogVersion" ("id", "version") VALUES (1, 0);

CREATE TRIGGER "CatalogVersion_product_insert" AFTER INSERT ON "Product"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_product_update" AFTER UPDATE OF "supplierId", "code", "title", "description", "category", "unit", "priceFen", "marketPriceFen", "minOrderQty", "originVillageId", "active", "listingState", "createdAt" ON "Product"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_product_delete" AFTER DELETE ON "Product"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_supplier_update" AFTER UPDATE OF "orgId", "kind", "tradeRole", "ratingSum", "ratingCount" ON "Supplier"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_organization_update" AFTER UPDATE OF "name" ON "Organization"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_village_update" AFTER UPDATE OF "name", "township", "county" ON "Village"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_certificate_insert" AFTER INSERT ON "Certificate"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_certificate_update" AFTER UPDATE ON "Certificate"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_certificate_delete" AFTER DELETE ON "Certificate"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_tier_insert" AFTER INSERT ON "ProductTierPrice"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_tier_update" AFTER UPDATE ON "ProductTierPrice"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_tier_delete" AFTER DELETE ON "ProductTierPrice"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_photo_insert" AFTER INSERT ON "ProductPhoto"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_photo_update" AFTER UPDATE ON "ProductPhoto"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CatalogVersion_photo_delete" AFTER DELETE ON "ProductPhoto"
BEGIN UPDATE "CatalogVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
