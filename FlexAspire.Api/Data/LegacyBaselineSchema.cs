namespace FlexAspire.Api.Data;

/// The legacy agents server's baseline schema (legacy-agents-server/db/schema.sql, verbatim; a test keeps the two
/// equal). The API applies it too, because either process may start first; every statement is IF NOT EXISTS.
public static class LegacyBaselineSchema
{
    public const string Sql = """
        -- Baseline schema of the legacy agents server. It owns these tables; flex HITL reuses hitl_requests/hitl_responses
        -- and may only add columns to them, so names and types here are a stable contract.
        -- Applied at every start; each statement is idempotent. Status columns are plain text (no CHECK) so that additive
        -- statuses from flex need no schema change.
        
        CREATE TABLE IF NOT EXISTS orchestrator_runs (
            id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
            thread_id   text,
            mode        text        NOT NULL,
            objective   text        NOT NULL,
            status      text        NOT NULL DEFAULT 'running',   -- running | completed | failed | cancelled
            result      jsonb,
            error       text,
            created_at  timestamptz NOT NULL DEFAULT now(),
            updated_at  timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX IF NOT EXISTS ix_orchestrator_runs_thread_id ON orchestrator_runs (thread_id);
        CREATE INDEX IF NOT EXISTS ix_orchestrator_runs_status_created_at ON orchestrator_runs (status, created_at);
        
        -- run_id is text with no foreign key: a request may belong to a legacy run (orchestrator_runs.id) or a flex run.
        CREATE TABLE IF NOT EXISTS hitl_requests (
            id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
            run_id         text        NOT NULL,
            origin_agent   text        NOT NULL,
            payload        jsonb       NOT NULL DEFAULT '{}'::jsonb,
            status         text        NOT NULL DEFAULT 'pending',  -- pending | resolved | denied | cancelled
            denial_reason  text,
            created_at     timestamptz NOT NULL DEFAULT now(),
            updated_at     timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX IF NOT EXISTS ix_hitl_requests_run_id ON hitl_requests (run_id);
        CREATE INDEX IF NOT EXISTS ix_hitl_requests_status ON hitl_requests (status);
        
        CREATE TABLE IF NOT EXISTS hitl_responses (
            id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
            request_id     uuid        NOT NULL REFERENCES hitl_requests (id) ON DELETE CASCADE,
            response_type  text        NOT NULL,                   -- approval | rejection | freeform | option
            approved       boolean,
            freeform_text  text,
            responder      text,
            metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
            created_at     timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX IF NOT EXISTS ix_hitl_responses_request_id ON hitl_responses (request_id);
        """;

    /// Flex's additive columns: nullable, so legacy inserts and queries are unaffected.
    public const string FlexColumns = """
        ALTER TABLE hitl_requests ADD COLUMN IF NOT EXISTS flex_node_id text;
        ALTER TABLE hitl_requests ADD COLUMN IF NOT EXISTS flex_purpose text;
        ALTER TABLE hitl_requests ADD COLUMN IF NOT EXISTS flex_resolved_at timestamptz;
        """;

    public const string DropFlexColumns = """
        ALTER TABLE hitl_requests DROP COLUMN IF EXISTS flex_node_id;
        ALTER TABLE hitl_requests DROP COLUMN IF EXISTS flex_purpose;
        ALTER TABLE hitl_requests DROP COLUMN IF EXISTS flex_resolved_at;
        """;
}
