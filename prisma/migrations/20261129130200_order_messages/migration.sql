-- Messages between a union and each supplier of an order (issue 13).

-- CreateTable
CREATE TABLE "OrderMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orderId" INTEGER NOT NULL,
    "subOrderId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "authorSide" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "photoFile" TEXT,
    "photoType" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CHECK ("authorSide" IN ('UNION','SUPPLIER')),
    CHECK (length("text") BETWEEN 1 AND 1000)
);
CREATE INDEX "OrderMessage_subOrderId_id_idx" ON "OrderMessage"("subOrderId", "id");
CREATE INDEX "OrderMessage_photoFile_idx" ON "OrderMessage"("photoFile");
