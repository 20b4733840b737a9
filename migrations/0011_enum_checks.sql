-- Enumerated columns that 0003 and 0004 left unchecked get the CHECK their siblings have, with
-- the same lists as kpid's enums (src/kpid/enums.c, libkpi's unit names) and openapi.yaml.
-- Adding a constraint validates the rows already there: a database holding a value outside a
-- list refuses this migration instead of keeping it.
ALTER TABLE leads ADD CONSTRAINT leads_stage_check
    CHECK (stage IN ('new', 'contacted', 'meeting', 'proposal', 'won', 'lost'));
COMMENT ON CONSTRAINT leads_stage_check ON leads IS
    'The stages of LeadStage in openapi.yaml and kpid_lead_stages in kpid';

ALTER TABLE kpis ADD CONSTRAINT kpis_unit_check
    CHECK (unit IN ('count', 'money', 'percent', 'minutes', 'days', 'points'));
COMMENT ON CONSTRAINT kpis_unit_check ON kpis IS
    'The units of KpiUnit in openapi.yaml and kpi_unit in libkpi';

ALTER TABLE scorecards ADD CONSTRAINT scorecards_owner_check
    CHECK (owner IN ('marketing', 'sales', 'shared'));
COMMENT ON CONSTRAINT scorecards_owner_check ON scorecards IS
    'The owners of KpiOwner in openapi.yaml and kpid_kpi_owners in kpid; NULL: no owner';
