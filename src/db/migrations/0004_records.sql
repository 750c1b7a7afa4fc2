-- Customer records: contacts, leads, accounts, deals and cases share one table (the columns a type
-- does not use stay NULL), so search, paging, phones, links and attachments have one code path.
CREATE TABLE records (
  id            INTEGER PRIMARY KEY,
  type          TEXT NOT NULL CHECK (type IN ('contact','lead','account','deal','case')),
  name          TEXT NOT NULL COLLATE NOCASE,     -- display name: person's full name, company, deal title, case subject
  first_name    TEXT,
  last_name     TEXT,
  email         TEXT COLLATE NOCASE,
  company       TEXT,                             -- leads
  status        TEXT,                             -- leads and cases
  stage         TEXT,                             -- deals
  amount_cents  INTEGER,                          -- deals
  account_id    INTEGER REFERENCES records(id) ON DELETE SET NULL,
  contact_id    INTEGER REFERENCES records(id) ON DELETE SET NULL,
  owner_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  group_jid     TEXT,                             -- a WhatsApp group whose messages land on this record
  notes         TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
-- Lists page newest first by id within a type (keyset: id < cursor).
CREATE INDEX records_by_type ON records(type, id DESC);
-- Search by the beginning of a name, last name or email within a type (LIKE 'ann%' reads a range).
CREATE INDEX records_by_name ON records(type, name);
CREATE INDEX records_by_last_name ON records(type, last_name COLLATE NOCASE) WHERE last_name IS NOT NULL;
CREATE INDEX records_by_email ON records(type, email) WHERE email IS NOT NULL;
CREATE INDEX records_by_group ON records(group_jid) WHERE group_jid IS NOT NULL;
CREATE INDEX records_by_account ON records(account_id) WHERE account_id IS NOT NULL;
CREATE INDEX records_by_contact ON records(contact_id) WHERE contact_id IS NOT NULL;

-- Every phone of every record, normalised: linking an inbound message is one lookup on e164.
CREATE TABLE record_phones (
  id          INTEGER PRIMARY KEY,
  record_type TEXT NOT NULL,
  record_id   INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  e164        TEXT NOT NULL,
  original    TEXT NOT NULL,                      -- as typed, for display
  position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX record_phones_by_e164 ON record_phones(e164);
CREATE INDEX record_phones_by_record ON record_phones(record_id, position);

-- Which conversations land on which records; read both ways (inbox header, record timeline).
CREATE TABLE conversation_links (
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  record_type     TEXT NOT NULL,
  record_id       INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  linked_at       INTEGER NOT NULL,
  manual          INTEGER NOT NULL DEFAULT 0,     -- linked by hand: kept when the record's phones change
  PRIMARY KEY (conversation_id, record_type, record_id)
) WITHOUT ROWID;
CREATE INDEX conversation_links_by_record ON conversation_links(record_id, conversation_id);

CREATE TABLE record_attachments (
  id          INTEGER PRIMARY KEY,
  record_id   INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  sha256      TEXT NOT NULL,
  mime        TEXT NOT NULL,
  size        INTEGER NOT NULL,
  file_name   TEXT NOT NULL,
  uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX record_attachments_by_record ON record_attachments(record_id, id DESC);
CREATE INDEX record_attachments_by_sha ON record_attachments(sha256);

-- Invoices and quotes belong to a contact, account or deal. Money in integer cents.
CREATE TABLE invoices (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('invoice','quote')),
  number       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  record_id    INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  issue_date   TEXT NOT NULL,                     -- YYYY-MM-DD
  status       TEXT NOT NULL,
  tax_percent  REAL NOT NULL DEFAULT 0,
  subtotal_cents INTEGER NOT NULL DEFAULT 0,
  tax_cents    INTEGER NOT NULL DEFAULT 0,
  total_cents  INTEGER NOT NULL DEFAULT 0,
  notes        TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
-- "Latest invoice of this customer" reads this index backwards.
CREATE INDEX invoices_by_record ON invoices(record_id, issue_date DESC, id DESC);

CREATE TABLE invoice_lines (
  id               INTEGER PRIMARY KEY,
  invoice_id       INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  description      TEXT NOT NULL,
  quantity         REAL NOT NULL,
  unit_price_cents INTEGER NOT NULL,
  amount_cents     INTEGER NOT NULL
);
CREATE INDEX invoice_lines_by_invoice ON invoice_lines(invoice_id, position);
