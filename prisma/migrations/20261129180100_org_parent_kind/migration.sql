-- Issue 18: a dashboard reads a node's child organisations of some kinds (counties, partner groups); with tens of
-- thousands of unions under a county, (parentId, kind) finds them without scanning the unions (docs/performance.md).
DROP INDEX "Organization_parentId_idx";
CREATE INDEX "Organization_parentId_kind_idx" ON "Organization"("parentId", "kind");
