-- leads_channel_created (0003) predates leads_created's covering columns (0006, 0018): every
-- statement that narrows leads by channel reads leads_created (workspace, created_at INCLUDE
-- channel, ...) or pages leads_list, so it only cost each lead write one more index entry.
DROP INDEX IF EXISTS leads_channel_created;
