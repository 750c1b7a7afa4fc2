-- One counter that every change to who may see what moves (src/auth/access-version.ts): checks on
-- hot paths (each webhook delivery, each workflow notification) reuse the user and channel access
-- they loaded while it stays the same, and load again the moment anything changed.
CREATE TABLE access_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO access_version (id, n) VALUES (1, 0);

CREATE TRIGGER access_users_insert AFTER INSERT ON users BEGIN UPDATE access_version SET n = n + 1; END;
CREATE TRIGGER access_users_update AFTER UPDATE OF id, name, email, active ON users BEGIN UPDATE access_version SET n = n + 1; END;
CREATE TRIGGER access_users_delete AFTER DELETE ON users BEGIN UPDATE access_version SET n = n + 1; END;

CREATE TRIGGER access_sets_insert AFTER INSERT ON permission_sets BEGIN UPDATE access_version SET n = n + 1; END;
CREATE TRIGGER access_sets_update AFTER UPDATE OF id, permissions ON permission_sets BEGIN UPDATE access_version SET n = n + 1; END;
CREATE TRIGGER access_sets_delete AFTER DELETE ON permission_sets BEGIN UPDATE access_version SET n = n + 1; END;

CREATE TRIGGER access_user_sets_insert AFTER INSERT ON user_permission_sets BEGIN UPDATE access_version SET n = n + 1; END;
CREATE TRIGGER access_user_sets_update AFTER UPDATE ON user_permission_sets BEGIN UPDATE access_version SET n = n + 1; END;
CREATE TRIGGER access_user_sets_delete AFTER DELETE ON user_permission_sets BEGIN UPDATE access_version SET n = n + 1; END;

CREATE TRIGGER access_groups_delete AFTER DELETE ON user_groups BEGIN UPDATE access_version SET n = n + 1; END;
CREATE TRIGGER access_members_insert AFTER INSERT ON user_group_members BEGIN UPDATE access_version SET n = n + 1; END;
CREATE TRIGGER access_members_update AFTER UPDATE ON user_group_members BEGIN UPDATE access_version SET n = n + 1; END;
CREATE TRIGGER access_members_delete AFTER DELETE ON user_group_members BEGIN UPDATE access_version SET n = n + 1; END;

CREATE TRIGGER access_channels_insert AFTER INSERT ON channels BEGIN UPDATE access_version SET n = n + 1; END;
CREATE TRIGGER access_channels_update AFTER UPDATE OF id, access ON channels BEGIN UPDATE access_version SET n = n + 1; END;
CREATE TRIGGER access_channels_delete AFTER DELETE ON channels BEGIN UPDATE access_version SET n = n + 1; END;
