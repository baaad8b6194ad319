-- Public site: branding an admin edits, images served same-origin, location pages, patient stories
-- published only with recorded consent, and the search index over rendered public pages.

ALTER TABLE org_settings
  ADD COLUMN site_name text CHECK (char_length(site_name) <= 120),
  ADD COLUMN site_tagline text CHECK (char_length(site_tagline) <= 200),
  ADD COLUMN helpline_phone text CHECK (char_length(helpline_phone) <= 40),
  ADD COLUMN public_email text CHECK (char_length(public_email) <= 254),
  ADD COLUMN public_address text CHECK (char_length(public_address) <= 400),
  -- Hex colours; the server refuses colours too light for white text (WCAG AA contrast 4.5:1).
  ADD COLUMN brand_color text CHECK (brand_color ~ '^#[0-9a-f]{6}$'),
  ADD COLUMN accent_color text CHECK (accent_color ~ '^#[0-9a-f]{6}$'),
  ADD COLUMN logo_image_id uuid;

CREATE TABLE site_images (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
  bytes bytea NOT NULL CHECK (octet_length(bytes) <= 2000000),
  sha256 text NOT NULL,
  width integer,
  height integer,
  uploaded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX site_images_org ON site_images (org_id, created_at);

ALTER TABLE org_settings
  ADD CONSTRAINT org_settings_logo FOREIGN KEY (logo_image_id) REFERENCES site_images (id);

CREATE TABLE site_location_pages (
  location_id uuid PRIMARY KEY REFERENCES locations (id),
  org_id uuid NOT NULL REFERENCES organisations (id),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 80),
  intro text NOT NULL DEFAULT '' CHECK (char_length(intro) <= 4000),
  amenities jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- The "tour": what a visit looks like, step by step ({title, text} objects).
  tour jsonb NOT NULL DEFAULT '[]'::jsonb,
  published boolean NOT NULL DEFAULT false,
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, slug)
);

CREATE TABLE site_location_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  location_id uuid NOT NULL REFERENCES locations (id),
  image_id uuid NOT NULL REFERENCES site_images (id),
  alt_text text NOT NULL CHECK (char_length(alt_text) BETWEEN 1 AND 300),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX site_location_photos_location ON site_location_photos (org_id, location_id, position);

CREATE TABLE site_stories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 80),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 120),
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 20000),
  -- Consent to publish, recorded before anything can be published: who gave it, when, to what words.
  consent_given_by text NOT NULL CHECK (char_length(consent_given_by) BETWEEN 1 AND 200),
  consent_given_at timestamptz NOT NULL,
  consent_text text NOT NULL CHECK (char_length(consent_text) BETWEEN 1 AND 4000),
  consent_recorded_by uuid NOT NULL REFERENCES users (id),
  consent_withdrawn_at timestamptz,
  published_at timestamptz,
  published_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, slug),
  CHECK (published_at IS NULL OR consent_withdrawn_at IS NULL)
);

-- Rendered text of every public page, indexed for the site search (rebuilt at start and on change).
CREATE TABLE site_search_documents (
  org_id uuid NOT NULL REFERENCES organisations (id),
  path text NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  body text NOT NULL,
  document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', description), 'B') ||
    setweight(to_tsvector('english', body), 'C')
  ) STORED,
  indexed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, path)
);
CREATE INDEX site_search_documents_document ON site_search_documents USING gin (document);
