-- Signed exports (issue 25): each kiosk signs its exports' MANIFEST.sha256 with its own
-- Ed25519 key (minisign format). The province registers each kiosk's public key once
-- (`tramso province kiosk add`); an export is loaded as verified only when it is signed by
-- the key registered for the kiosk it names. `--accept-unsigned` loads the others, marked
-- unverified. A kiosk's place changes only through a verified export of that kiosk.

CREATE TABLE kiosk_keys (
    kiosk_id   text PRIMARY KEY,
    key_id     text NOT NULL,             -- as minisign prints it (16 hex digits)
    public_key text NOT NULL,             -- the .pub file's base64 line ("RWQ…")
    added_at   timestamptz NOT NULL DEFAULT now()
);

-- Rows loaded before this migration were not verified.
ALTER TABLE kiosks ADD COLUMN place_verified boolean NOT NULL DEFAULT false;
ALTER TABLE exports ADD COLUMN verified boolean NOT NULL DEFAULT false;
ALTER TABLE sessions ADD COLUMN verified boolean NOT NULL DEFAULT false;
