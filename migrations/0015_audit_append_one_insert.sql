-- audit_append (0012) wrote the entries of a call one INSERT at a time, about 0.1 ms each; a
-- docflow check batch appends some 32 entries, and every writer of the audit log waits for the
-- chain's lock (held from the append to the commit), so those milliseconds were paid by the
-- whole system, not by the batch alone. The hashes are still chained one by one here (each takes
-- the previous one), into arrays; the rows then go in with ONE insert. The chain, the hashes and
-- the rows are the same as before: SHA-256 over the previous hash, a newline and
-- head || seq || tail, exactly what `auditEntryHash` computes when the chain is verified.
CREATE OR REPLACE FUNCTION audit_append(entries jsonb) RETURNS TABLE (out_seq bigint, out_hash text) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  e jsonb;
  n int := 0;
  v_seq bigint;
  v_prev text;
  seqs bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
BEGIN
  PERFORM pg_advisory_xact_lock(7243002);
  SELECT a.seq, a.hash INTO v_seq, v_prev FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
  IF NOT FOUND THEN
    v_seq := 0;
    v_prev := repeat('0', 64);
  END IF;
  FOR e IN SELECT x.value FROM jsonb_array_elements(entries) AS x LOOP
    n := n + 1;
    v_seq := v_seq + 1;
    -- Subscript assignment appends in place (PL/pgSQL's expanded arrays): linear, not quadratic.
    seqs[n] := v_seq;
    prevs[n] := v_prev;
    v_prev := encode(sha256(convert_to(v_prev || E'\n' || (e->>'head') || v_seq::text || (e->>'tail'), 'UTF8')), 'hex');
    hashes[n] := v_prev;
  END LOOP;
  INSERT INTO audit_log (seq, at, type, actor, request_id, payload, prev_hash, hash)
    SELECT s.seq, (x.e->>'at')::timestamptz, x.e->>'type', x.e->>'actor', x.e->>'requestId', x.e->'payload', s.prev, s.hash
    FROM jsonb_array_elements(entries) WITH ORDINALITY AS x (e, k)
    JOIN unnest(seqs, prevs, hashes) WITH ORDINALITY AS s (seq, prev, hash, k) ON s.k = x.k
    ORDER BY x.k;
  RETURN QUERY SELECT s.seq, s.hash FROM unnest(seqs, hashes) WITH ORDINALITY AS s (seq, hash, k) ORDER BY s.k;
END;
$$;
