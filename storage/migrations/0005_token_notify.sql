-- scimd schema, version 5: every scimd process caches token
-- authentication for a few seconds (storage/token_cache.c) and LISTENs
-- on scimd_tokens; a token that is revoked, deleted (with its org) or
-- changes hands tells them all at commit, so the next request with it is
-- refused everywhere. last_used_at, written by requests, notifies nobody.

CREATE FUNCTION scim_tokens_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('scimd_tokens', OLD.id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER scim_tokens_changed AFTER UPDATE ON scim_tokens
    FOR EACH ROW
    WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
        OR OLD.token_hash IS DISTINCT FROM NEW.token_hash
        OR OLD.org_id IS DISTINCT FROM NEW.org_id
        OR OLD.created_by_member IS DISTINCT FROM NEW.created_by_member)
    EXECUTE FUNCTION scim_tokens_notify();
CREATE TRIGGER scim_tokens_deleted AFTER DELETE ON scim_tokens
    FOR EACH ROW EXECUTE FUNCTION scim_tokens_notify();
