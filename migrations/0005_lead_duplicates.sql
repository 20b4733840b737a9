-- Finds the leads marked as duplicates of a given lead, so that rewriting a lead (a new
-- phone, e-mail or created_at) can bring their duplicate_of up to date.

CREATE INDEX leads_duplicate_of ON leads (workspace_id, duplicate_of) WHERE duplicate_of IS NOT NULL;
