-- 009_audit_events.sql
-- The audit log moves over from the analytics service. That service was built
-- with Prisma, so its table and columns use quoted PascalCase / camelCase
-- names; we keep them so the service's queries keep working unchanged.

CREATE TABLE "AuditEvents" (
    "id"            bigserial   PRIMARY KEY,
    "userId"        bigint      NOT NULL REFERENCES users(id),
    "action"        text        NOT NULL,
    "targetType"    text,
    "targetId"      text,
    "metadata"      jsonb       NOT NULL DEFAULT '{}',
    "ipAddress"     inet,
    "createdAt"     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX "AuditEvents_userId_createdAt_idx" ON "AuditEvents" ("userId", "createdAt");
CREATE INDEX "AuditEvents_action_idx" ON "AuditEvents" ("action");
