-- Tracking and receipt per delivery address (issue 13).

-- CreateTable
CREATE TABLE "SubOrderShipment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "subOrderId" INTEGER NOT NULL,
    "addressId" INTEGER NOT NULL,
    "carrier" TEXT NOT NULL,
    "trackingNo" TEXT NOT NULL,
    "shippedAt" DATETIME NOT NULL,
    "receivedAt" DATETIME,
    "receivedById" INTEGER
);
CREATE UNIQUE INDEX "SubOrderShipment_subOrderId_addressId_key" ON "SubOrderShipment"("subOrderId", "addressId");
