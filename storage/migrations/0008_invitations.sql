-- scimd schema, version 8: invitations, the third way into an org after
-- the IdP (SCIM) and just-in-time sign-in. Email invites are personal and
-- single-use; invite links admit anyone holding them within their limits.
-- Only the SHA-256 of a token is stored; the selector (a prefix of the
-- token's random part) finds the row, and the hash is then compared in
-- constant time outside the database.

-- Whether an accepted invitation may admit an address outside the org's
-- verified domains (the invitation as the exception to the domain rule).
ALTER TABLE orgs ADD COLUMN invites_admit_outsiders boolean NOT NULL DEFAULT true;

CREATE TABLE invitations (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id              uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    email               text NOT NULL,
    role                text NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
    token_selector      text NOT NULL UNIQUE,
    token_hash          bytea NOT NULL,
    -- expired is not stored: it is a pending invitation past expires_at.
    state               text NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'accepted', 'cancelled', 'reinvited')),
    invited_by_member   uuid REFERENCES members(id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    expires_at          timestamptz NOT NULL,
    ended_at            timestamptz,
    accepted_member_id  uuid REFERENCES members(id),
    accepted_via        text CHECK (accepted_via IS NULL OR accepted_via IN ('invitation', 'scim')),
    replaced_by         uuid REFERENCES invitations(id)
);
-- At most one pending invitation per address: a re-invite ends the old one
-- first, and two racing invites of one address cannot both be pending.
CREATE UNIQUE INDEX invitations_pending_uq ON invitations (org_id, lower(email))
    WHERE state = 'pending';
CREATE INDEX invitations_org ON invitations (org_id, created_at);
CREATE INDEX invitations_inviter ON invitations (invited_by_member)
    WHERE state = 'pending';

CREATE TABLE invite_links (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id             uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    role               text NOT NULL DEFAULT 'member'
                       CHECK (role IN ('admin', 'member', 'viewer')),
    domains            text[] NOT NULL DEFAULT '{}',   -- lower-case; empty: any domain
    max_uses           integer CHECK (max_uses IS NULL OR max_uses > 0),
    uses               integer NOT NULL DEFAULT 0 CHECK (uses >= 0),
    expires_at         timestamptz,
    token_selector     text NOT NULL UNIQUE,
    token_hash         bytea NOT NULL,
    created_by_member  uuid REFERENCES members(id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    revoked_at         timestamptz,
    revoked_reason     text CHECK (revoked_reason IS NULL OR
                       revoked_reason IN ('revoked', 'creator_removed')),
    CHECK (max_uses IS NULL OR uses <= max_uses)
);
CREATE INDEX invite_links_org ON invite_links (org_id, created_at);
CREATE INDEX invite_links_creator ON invite_links (created_by_member)
    WHERE revoked_at IS NULL;
