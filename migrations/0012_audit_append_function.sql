-- Appending to the hash-chained audit log in one round trip (issue 7, docflow benchmark): the
-- lock, the read of the chain's head and the inserts happen in one call of this function
-- instead of three statements from the application. In READ COMMITTED a VOLATILE function takes
-- a fresh snapshot for each statement, so the head read after the lock sees every entry
-- committed by the previous holder of the lock: no gaps, no forks under concurrency.
-- Each entry brings its canonical JSON (RFC 8785, built by the application) cut around the
-- sequence number, `head` and `tail`; the hash is SHA-256 over the previous hash, a newline and
-- head || seq || tail, exactly what `auditEntryHash` computes when the chain is verified.
CREATE FUNCTION audit_append(entries jsonb) RETURNS TABLE (out_seq bigint, out_hash text) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  e jsonb;
  v_seq bigint;
  v_prev text;
  v_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(7243002);
  SELECT a.seq, a.hash INTO v_seq, v_prev FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
  IF NOT FOUND THEN
    v_seq := 0;
    v_prev := repeat('0', 64);
  END IF;
  FOR e IN SELECT x.value FROM jsonb_array_elements(entries) AS x LOOP
    v_seq := v_seq + 1;
    v_hash := encode(sha256(convert_to(v_prev || E'\n' || (e->>'head') || v_seq::text || (e->>'tail'), 'UTF8')), 'hex');
    INSERT INTO audit_log (seq, at, type, actor, request_id, payload, prev_hash, hash)
      VALUES (v_seq, (e->>'at')::timestamptz, e->>'type', e->>'actor', e->>'requestId', e->'payload', v_prev, v_hash);
    out_seq := v_seq;
    out_hash := v_hash;
    RETURN NEXT;
    v_prev := v_hash;
  END LOOP;
END;
$$;
