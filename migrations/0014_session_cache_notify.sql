-- Session cache invalidation: every process that caches resolved sessions LISTENs on
-- `jashik_sessions` and drops what a notification names. A signed-in request depends on its
-- sessions row, its accounts row and the latest agreement_versions id, so a change to any of them
-- notifies: 'a:<account id>' for one account's sessions, '*' for all of them. Statement-level
-- triggers with transition tables: one notification per account per statement (PostgreSQL also
-- folds identical payloads within a transaction), and '*' instead of a flood for big statements.
-- The once-a-minute last_seen_at touch changes nothing a cached session is trusted for (the
-- cache re-reads a session before its touch is due), so it notifies nobody.
CREATE FUNCTION jashik_sessions_notify(account_ids text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  id text;
BEGIN
  IF account_ids IS NULL OR cardinality(account_ids) = 0 THEN
    RETURN;
  END IF;
  IF cardinality(account_ids) > 100 THEN
    PERFORM pg_notify('jashik_sessions', '*');
    RETURN;
  END IF;
  FOREACH id IN ARRAY account_ids LOOP
    PERFORM pg_notify('jashik_sessions', 'a:' || id);
  END LOOP;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION jashik_sessions_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM jashik_sessions_notify(array(
    SELECT DISTINCT x.account_id::text
    FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (n.account_id), (o.account_id)) AS x(account_id)
    WHERE to_jsonb(n) - 'last_seen_at' IS DISTINCT FROM to_jsonb(o) - 'last_seen_at'));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION jashik_sessions_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM jashik_sessions_notify(array(SELECT DISTINCT o.account_id::text FROM old_rows o));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION jashik_accounts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM jashik_sessions_notify(array(
    SELECT DISTINCT n.id::text FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE to_jsonb(n) IS DISTINCT FROM to_jsonb(o)
    UNION SELECT o.id::text FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id)));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION jashik_accounts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM jashik_sessions_notify(array(SELECT DISTINCT o.id::text FROM old_rows o));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION jashik_sessions_all_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('jashik_sessions', '*');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_cache_update AFTER UPDATE ON sessions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jashik_sessions_updated();
--> statement-breakpoint
CREATE TRIGGER sessions_cache_delete AFTER DELETE ON sessions
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jashik_sessions_deleted();
--> statement-breakpoint
CREATE TRIGGER sessions_cache_truncate AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION jashik_sessions_all_changed();
--> statement-breakpoint
CREATE TRIGGER accounts_cache_update AFTER UPDATE ON accounts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jashik_accounts_updated();
--> statement-breakpoint
CREATE TRIGGER accounts_cache_delete AFTER DELETE ON accounts
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jashik_accounts_deleted();
--> statement-breakpoint
CREATE TRIGGER accounts_cache_truncate AFTER TRUNCATE ON accounts
  FOR EACH STATEMENT EXECUTE FUNCTION jashik_sessions_all_changed();
--> statement-breakpoint
CREATE TRIGGER agreement_versions_cache_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agreement_versions
  FOR EACH STATEMENT EXECUTE FUNCTION jashik_sessions_all_changed();
