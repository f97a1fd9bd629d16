-- Each report keeps the whole form it was read from or entered as (JSON of
-- `tidtam_domain::form::StoredForm`), so checking it again gives the same findings.
-- Reports saved before this migration have none; the service rebuilds one from
-- the project and the report's columns when they are next edited.
ALTER TABLE report ADD COLUMN form TEXT;

-- The edit-time rule `complete-but-unspent` is now part of `progress-complete-missing`
-- (progress 100% while the money due is not all disbursed), in the one checker.
UPDATE report_finding SET rule = 'progress-complete-missing' WHERE rule = 'complete-but-unspent';
