-- The activity page finds an object's entries by id or by words of its name (folded to plain
-- lower-case Latin, so that "hoa" finds "Hòa"), and joins each change to the entry completing it.
ALTER TABLE activity ADD COLUMN object_key TEXT NOT NULL DEFAULT '';
CREATE INDEX activity_completes ON activity (tenant, completes);
