-- Trigram indexes for partial-word search of letters (issue 5).
create extension if not exists pg_trgm;
