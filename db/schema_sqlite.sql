-- revision: 0011
-- ;;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
)
-- ;;
CREATE TABLE column_mapping (
	id INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	source VARCHAR(256) NOT NULL, 
	mapping JSON NOT NULL, 
	saved_at DATETIME NOT NULL, 
	CONSTRAINT pk_column_mapping PRIMARY KEY (id), 
	CONSTRAINT uq_column_mapping_kind UNIQUE (kind, source)
)
-- ;;
CREATE TABLE export_record (
	id INTEGER NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	file_name VARCHAR(512) NOT NULL, 
	coordinator VARCHAR(128) NOT NULL, 
	at DATETIME NOT NULL, 
	filters JSON NOT NULL, 
	rows INTEGER NOT NULL, 
	CONSTRAINT pk_export_record PRIMARY KEY (id)
)
-- ;;
CREATE TABLE import_batch (
	id INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	file_name VARCHAR(512) NOT NULL, 
	checksum VARCHAR(64) NOT NULL, 
	coordinator VARCHAR(128) NOT NULL, 
	started_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	encoding VARCHAR(32) NOT NULL, 
	full_export BOOLEAN NOT NULL, 
	imported INTEGER NOT NULL, 
	updated INTEGER NOT NULL, 
	unchanged INTEGER NOT NULL, 
	rejected INTEGER NOT NULL, 
	flagged_missing INTEGER NOT NULL, 
	CONSTRAINT pk_import_batch PRIMARY KEY (id)
)
-- ;;
CREATE TABLE posting (
	id INTEGER NOT NULL, 
	source_id VARCHAR(64) NOT NULL, 
	municipality_name VARCHAR(256) NOT NULL, 
	pref_code VARCHAR(2), 
	muni_code VARCHAR(6), 
	prefecture VARCHAR(16) NOT NULL, 
	city VARCHAR(64) NOT NULL, 
	venue_name VARCHAR(256) NOT NULL, 
	venue_address VARCHAR(512) NOT NULL, 
	occupation VARCHAR(32) NOT NULL, 
	occupation_raw VARCHAR(128) NOT NULL, 
	headcount INTEGER NOT NULL, 
	dates_raw TEXT NOT NULL, 
	hours_raw VARCHAR(256) NOT NULL, 
	employment_type VARCHAR(64) NOT NULL, 
	pay VARCHAR(256) NOT NULL, 
	duties TEXT NOT NULL, 
	requirements TEXT NOT NULL, 
	contact_name VARCHAR(128) NOT NULL, 
	contact_phone VARCHAR(64) NOT NULL, 
	contact_email VARCHAR(256) NOT NULL, 
	masked BOOLEAN NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	updated_on DATE, 
	row_hash VARCHAR(40) NOT NULL, 
	first_batch_id INTEGER, 
	last_batch_id INTEGER, 
	changed_at DATETIME, 
	missing_since DATETIME, 
	CONSTRAINT pk_posting PRIMARY KEY (id), 
	CONSTRAINT fk_posting_first_batch_id_import_batch FOREIGN KEY(first_batch_id) REFERENCES import_batch (id), 
	CONSTRAINT fk_posting_last_batch_id_import_batch FOREIGN KEY(last_batch_id) REFERENCES import_batch (id), 
	CONSTRAINT uq_posting_source_id UNIQUE (source_id)
)
-- ;;
CREATE INDEX ix_posting_muni_code ON posting (muni_code)
-- ;;
CREATE INDEX ix_posting_occupation ON posting (occupation)
-- ;;
CREATE INDEX ix_posting_pref_code ON posting (pref_code)
-- ;;
CREATE INDEX ix_posting_status ON posting (status)
-- ;;
CREATE TABLE placement (
	id INTEGER NOT NULL, 
	posting_id INTEGER NOT NULL, 
	registrant_id INTEGER NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	cancelled_by VARCHAR(16), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_placement PRIMARY KEY (id), 
	CONSTRAINT fk_placement_posting_id_posting FOREIGN KEY(posting_id) REFERENCES posting (id), 
	CONSTRAINT fk_placement_registrant_id_registrant FOREIGN KEY(registrant_id) REFERENCES registrant (id), 
	CONSTRAINT uq_placement_posting_id UNIQUE (posting_id, registrant_id)
)
-- ;;
CREATE INDEX ix_placement_posting_id ON placement (posting_id)
-- ;;
CREATE INDEX ix_placement_registrant_id ON placement (registrant_id)
-- ;;
CREATE INDEX ix_placement_state ON placement (state)
-- ;;
CREATE TABLE posting_change (
	id INTEGER NOT NULL, 
	posting_id INTEGER NOT NULL, 
	batch_id INTEGER, 
	field VARCHAR(64) NOT NULL, 
	old_value TEXT NOT NULL, 
	new_value TEXT NOT NULL, 
	at DATETIME NOT NULL, 
	CONSTRAINT pk_posting_change PRIMARY KEY (id), 
	CONSTRAINT fk_posting_change_batch_id_import_batch FOREIGN KEY(batch_id) REFERENCES import_batch (id), 
	CONSTRAINT fk_posting_change_posting_id_posting FOREIGN KEY(posting_id) REFERENCES posting (id) ON DELETE CASCADE
)
-- ;;
CREATE INDEX ix_posting_change_posting_id ON posting_change (posting_id)
-- ;;
CREATE TABLE posting_slot (
	id INTEGER NOT NULL, 
	posting_id INTEGER NOT NULL, 
	date DATE NOT NULL, 
	start TIME NOT NULL, 
	"end" TIME NOT NULL, 
	active BOOLEAN NOT NULL, 
	CONSTRAINT pk_posting_slot PRIMARY KEY (id), 
	CONSTRAINT fk_posting_slot_posting_id_posting FOREIGN KEY(posting_id) REFERENCES posting (id) ON DELETE CASCADE, 
	CONSTRAINT uq_posting_slot_posting_id UNIQUE (posting_id, date, start)
)
-- ;;
CREATE INDEX ix_posting_slot_date ON posting_slot (date)
-- ;;
CREATE INDEX ix_posting_slot_posting_id ON posting_slot (posting_id)
-- ;;
CREATE TABLE placement_event (
	id INTEGER NOT NULL, 
	placement_id INTEGER NOT NULL, 
	old_state VARCHAR(16), 
	new_state VARCHAR(16) NOT NULL, 
	slot_ids JSON NOT NULL, 
	cancelled_by VARCHAR(16), 
	coordinator VARCHAR(128) NOT NULL, 
	at DATETIME NOT NULL, 
	note TEXT NOT NULL, 
	undoes_event_id INTEGER, login VARCHAR(128) DEFAULT '' NOT NULL, override_reason TEXT DEFAULT '' NOT NULL, 
	CONSTRAINT pk_placement_event PRIMARY KEY (id), 
	CONSTRAINT fk_placement_event_placement_id_placement FOREIGN KEY(placement_id) REFERENCES placement (id), 
	CONSTRAINT fk_placement_event_undoes_event_id_placement_event FOREIGN KEY(undoes_event_id) REFERENCES placement_event (id)
)
-- ;;
CREATE INDEX ix_placement_event_at ON placement_event (at)
-- ;;
CREATE INDEX ix_placement_event_placement_id ON placement_event (placement_id)
-- ;;
CREATE TABLE placement_slot (
	id INTEGER NOT NULL, 
	placement_id INTEGER NOT NULL, 
	slot_id INTEGER NOT NULL, 
	registrant_id INTEGER NOT NULL, 
	date DATE NOT NULL, 
	start TIME NOT NULL, 
	"end" TIME NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_placement_slot PRIMARY KEY (id), 
	CONSTRAINT fk_placement_slot_placement_id_placement FOREIGN KEY(placement_id) REFERENCES placement (id) ON DELETE CASCADE, 
	CONSTRAINT fk_placement_slot_registrant_id_registrant FOREIGN KEY(registrant_id) REFERENCES registrant (id), 
	CONSTRAINT fk_placement_slot_slot_id_posting_slot FOREIGN KEY(slot_id) REFERENCES posting_slot (id), 
	CONSTRAINT uq_placement_slot_placement_id UNIQUE (placement_id, slot_id)
)
-- ;;
CREATE INDEX ix_placement_slot_date ON placement_slot (date)
-- ;;
CREATE INDEX ix_placement_slot_placement_id ON placement_slot (placement_id)
-- ;;
CREATE INDEX ix_placement_slot_registrant_id ON placement_slot (registrant_id)
-- ;;
CREATE INDEX ix_placement_slot_slot_id ON placement_slot (slot_id)
-- ;;
CREATE TABLE "registrant" (
	id INTEGER NOT NULL, 
	source_id VARCHAR(64) NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	name_kana VARCHAR(128) NOT NULL, 
	gender VARCHAR(16) NOT NULL, 
	birth_year INTEGER, 
	occupation VARCHAR(32) NOT NULL, 
	licences JSON NOT NULL, 
	occupation_raw VARCHAR(128) NOT NULL, 
	specialty VARCHAR(256) NOT NULL, 
	home_prefecture VARCHAR(16) NOT NULL, 
	home_city VARCHAR(64) NOT NULL, 
	home_pref_code VARCHAR(2), 
	home_muni_code VARCHAR(6), 
	work_areas_raw TEXT NOT NULL, 
	work_areas JSON NOT NULL, 
	availability_raw TEXT NOT NULL, 
	hours_raw VARCHAR(256) NOT NULL, 
	availability JSON NOT NULL, 
	vaccination_experience BOOLEAN, 
	experience_raw VARCHAR(256) NOT NULL, 
	phone VARCHAR(64) NOT NULL, 
	email VARCHAR(256) NOT NULL, 
	notes TEXT NOT NULL, 
	registered_on DATE, 
	state VARCHAR(16) NOT NULL, 
	row_hash VARCHAR(40) NOT NULL, 
	first_batch_id INTEGER, 
	last_batch_id INTEGER, 
	changed_at DATETIME, 
	source VARCHAR(64) DEFAULT 'default' NOT NULL, 
	licence_no VARCHAR(32) DEFAULT '' NOT NULL, 
	person_id INTEGER, change_no INTEGER, 
	CONSTRAINT pk_registrant PRIMARY KEY (id), 
	CONSTRAINT fk_registrant_last_batch_id_import_batch FOREIGN KEY(last_batch_id) REFERENCES import_batch (id), 
	CONSTRAINT fk_registrant_first_batch_id_import_batch FOREIGN KEY(first_batch_id) REFERENCES import_batch (id), 
	CONSTRAINT uq_registrant_source UNIQUE (source, source_id)
)
-- ;;
CREATE INDEX ix_registrant_person_id ON registrant (person_id)
-- ;;
CREATE TABLE person_merge (
	id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	merged_id INTEGER NOT NULL, 
	moved JSON NOT NULL, 
	kept_before JSON NOT NULL, 
	kept_after JSON NOT NULL, 
	coordinator VARCHAR(128) NOT NULL, 
	at DATETIME NOT NULL, 
	undone_at DATETIME, 
	undone_by VARCHAR(128) DEFAULT '' NOT NULL, 
	CONSTRAINT pk_person_merge PRIMARY KEY (id), 
	CONSTRAINT fk_person_merge_person_id_registrant FOREIGN KEY(person_id) REFERENCES registrant (id), 
	CONSTRAINT fk_person_merge_merged_id_registrant FOREIGN KEY(merged_id) REFERENCES registrant (id)
)
-- ;;
CREATE INDEX ix_person_merge_person_id ON person_merge (person_id)
-- ;;
CREATE TABLE person_distinct (
	id INTEGER NOT NULL, 
	a_id INTEGER NOT NULL, 
	b_id INTEGER NOT NULL, 
	coordinator VARCHAR(128) NOT NULL, 
	at DATETIME NOT NULL, 
	CONSTRAINT pk_person_distinct PRIMARY KEY (id), 
	CONSTRAINT fk_person_distinct_a_id_registrant FOREIGN KEY(a_id) REFERENCES registrant (id), 
	CONSTRAINT fk_person_distinct_b_id_registrant FOREIGN KEY(b_id) REFERENCES registrant (id), 
	CONSTRAINT uq_person_distinct_a_id UNIQUE (a_id, b_id)
)
-- ;;
CREATE TABLE recipient (
	id INTEGER NOT NULL, 
	name VARCHAR(256) NOT NULL, 
	scope JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_recipient PRIMARY KEY (id), 
	CONSTRAINT uq_recipient_name UNIQUE (name)
)
-- ;;
CREATE TABLE handout (
	id INTEGER NOT NULL, 
	recipient_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	coordinator VARCHAR(128) NOT NULL, 
	scope JSON NOT NULL, 
	since_mode VARCHAR(16) NOT NULL, 
	since_date DATE, 
	previous_id INTEGER, 
	contact TEXT NOT NULL, 
	headcount JSON NOT NULL, 
	file_name VARCHAR(512) NOT NULL, 
	export_id INTEGER, 
	CONSTRAINT pk_handout PRIMARY KEY (id), 
	CONSTRAINT fk_handout_recipient_id_recipient FOREIGN KEY(recipient_id) REFERENCES recipient (id), 
	CONSTRAINT fk_handout_previous_id_handout FOREIGN KEY(previous_id) REFERENCES handout (id), 
	CONSTRAINT fk_handout_export_id_export_record FOREIGN KEY(export_id) REFERENCES export_record (id)
)
-- ;;
CREATE INDEX ix_handout_recipient_id ON handout (recipient_id)
-- ;;
CREATE INDEX ix_handout_at ON handout (at)
-- ;;
CREATE TABLE handout_posting (
	id INTEGER NOT NULL, 
	handout_id INTEGER NOT NULL, 
	posting_id INTEGER, 
	source_id VARCHAR(64) NOT NULL, 
	section VARCHAR(16) NOT NULL, 
	state JSON NOT NULL, 
	changes JSON NOT NULL, 
	CONSTRAINT pk_handout_posting PRIMARY KEY (id), 
	CONSTRAINT fk_handout_posting_handout_id_handout FOREIGN KEY(handout_id) REFERENCES handout (id) ON DELETE CASCADE, 
	CONSTRAINT fk_handout_posting_posting_id_posting FOREIGN KEY(posting_id) REFERENCES posting (id)
)
-- ;;
CREATE INDEX ix_handout_posting_handout_id ON handout_posting (handout_id)
-- ;;
CREATE INDEX ix_handout_posting_posting_id ON handout_posting (posting_id)
-- ;;
CREATE TABLE desk_user (
	login VARCHAR(128) NOT NULL, 
	display_name VARCHAR(128) DEFAULT '' NOT NULL, 
	role VARCHAR(16) DEFAULT 'coordinator' NOT NULL, 
	CONSTRAINT pk_desk_user PRIMARY KEY (login)
)
-- ;;
CREATE TABLE desk_change (
	id INTEGER NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	ref VARCHAR(64) DEFAULT '' NOT NULL, 
	at DATETIME NOT NULL, 
	CONSTRAINT pk_desk_change PRIMARY KEY (id)
)
-- ;;
CREATE TABLE calling (
	id INTEGER NOT NULL, 
	posting_id INTEGER NOT NULL, 
	registrant_id INTEGER NOT NULL, 
	coordinator VARCHAR(128) NOT NULL, 
	login VARCHAR(128) DEFAULT '' NOT NULL, 
	started_at DATETIME NOT NULL, 
	CONSTRAINT pk_calling PRIMARY KEY (id), 
	CONSTRAINT fk_calling_posting_id_posting FOREIGN KEY(posting_id) REFERENCES posting (id) ON DELETE CASCADE, 
	CONSTRAINT fk_calling_registrant_id_registrant FOREIGN KEY(registrant_id) REFERENCES registrant (id) ON DELETE CASCADE
)
-- ;;
CREATE INDEX ix_calling_posting_id ON calling (posting_id)
-- ;;
CREATE INDEX ix_calling_registrant_id ON calling (registrant_id)
-- ;;
CREATE INDEX ix_calling_started_at ON calling (started_at)
-- ;;
CREATE TRIGGER placement_event_change AFTER INSERT ON placement_event BEGIN
         INSERT INTO desk_change (kind, ref, at)
         SELECT 'placement', p.source_id, CURRENT_TIMESTAMP FROM placement pl JOIN posting p ON p.id = pl.posting_id
          WHERE pl.id = NEW.placement_id;
       END
-- ;;
CREATE TRIGGER calling_change AFTER INSERT ON calling BEGIN
         INSERT INTO desk_change (kind, ref, at)
         SELECT 'calling', p.source_id, CURRENT_TIMESTAMP FROM posting p WHERE p.id = NEW.posting_id;
       END
-- ;;
CREATE TRIGGER import_batch_change AFTER UPDATE OF finished_at ON import_batch
       WHEN NEW.finished_at IS NOT NULL BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('import', NEW.kind, CURRENT_TIMESTAMP);
       END
-- ;;
CREATE TRIGGER placement_event_no_update BEFORE UPDATE ON placement_event BEGIN
         SELECT RAISE(ABORT, 'placement events are append-only: UPDATE refused');
       END
-- ;;
CREATE TRIGGER placement_event_no_delete BEFORE DELETE ON placement_event BEGIN
         SELECT RAISE(ABORT, 'placement events are append-only: DELETE refused');
       END
-- ;;
CREATE TABLE contact_event (
	id INTEGER NOT NULL, 
	posting_id INTEGER NOT NULL, 
	registrant_id INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	outcome VARCHAR(16), 
	note TEXT NOT NULL, 
	callback_at DATETIME, 
	coordinator VARCHAR(128) NOT NULL, 
	at DATETIME NOT NULL, 
	CONSTRAINT pk_contact_event PRIMARY KEY (id), 
	CONSTRAINT fk_contact_event_posting_id_posting FOREIGN KEY(posting_id) REFERENCES posting (id) ON DELETE CASCADE, 
	CONSTRAINT fk_contact_event_registrant_id_registrant FOREIGN KEY(registrant_id) REFERENCES registrant (id) ON DELETE CASCADE
)
-- ;;
CREATE INDEX ix_contact_event_pair ON contact_event (posting_id, registrant_id)
-- ;;
CREATE INDEX ix_contact_event_registrant_id ON contact_event (registrant_id)
-- ;;
CREATE INDEX ix_contact_event_callback_at ON contact_event (callback_at)
-- ;;
CREATE INDEX ix_contact_event_at ON contact_event (at)
-- ;;
CREATE TABLE recontact (
	id INTEGER NOT NULL, 
	placement_id INTEGER NOT NULL, 
	batch_id INTEGER, 
	state VARCHAR(16) NOT NULL, 
	what TEXT NOT NULL, 
	after_event_id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	CONSTRAINT pk_recontact PRIMARY KEY (id), 
	CONSTRAINT fk_recontact_placement_id_placement FOREIGN KEY(placement_id) REFERENCES placement (id) ON DELETE CASCADE, 
	CONSTRAINT fk_recontact_batch_id_import_batch FOREIGN KEY(batch_id) REFERENCES import_batch (id)
)
-- ;;
CREATE INDEX ix_recontact_placement_id ON recontact (placement_id)
-- ;;
CREATE TABLE registrant_edit (
	id INTEGER NOT NULL, 
	registrant_id INTEGER NOT NULL, 
	field VARCHAR(32) NOT NULL, 
	old_value TEXT NOT NULL, 
	new_value TEXT NOT NULL, 
	coordinator VARCHAR(128) NOT NULL, 
	at DATETIME NOT NULL, 
	CONSTRAINT pk_registrant_edit PRIMARY KEY (id), 
	CONSTRAINT fk_registrant_edit_registrant_id_registrant FOREIGN KEY(registrant_id) REFERENCES registrant (id) ON DELETE CASCADE
)
-- ;;
CREATE INDEX ix_registrant_edit_registrant_id ON registrant_edit (registrant_id)
-- ;;
CREATE TRIGGER contact_event_change AFTER INSERT ON contact_event BEGIN
         INSERT INTO desk_change (kind, ref, at)
         SELECT 'contact', p.source_id, CURRENT_TIMESTAMP FROM posting p WHERE p.id = NEW.posting_id;
       END
-- ;;
CREATE TRIGGER registrant_edit_change AFTER INSERT ON registrant_edit BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('registrant', '', CURRENT_TIMESTAMP);
       END
-- ;;
CREATE TRIGGER person_merge_change AFTER INSERT ON person_merge BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('persons', '', CURRENT_TIMESTAMP);
       END
-- ;;
CREATE TRIGGER person_merge_undo_change AFTER UPDATE ON person_merge BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('persons', '', CURRENT_TIMESTAMP);
       END
-- ;;
CREATE TRIGGER person_distinct_change AFTER INSERT ON person_distinct BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('persons', '', CURRENT_TIMESTAMP);
       END
-- ;;
CREATE TRIGGER column_mapping_change AFTER INSERT ON column_mapping BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('mapping', '', CURRENT_TIMESTAMP);
       END
-- ;;
CREATE TRIGGER column_mapping_update_change AFTER UPDATE ON column_mapping BEGIN
         INSERT INTO desk_change (kind, ref, at) VALUES ('mapping', '', CURRENT_TIMESTAMP);
       END
-- ;;
CREATE TABLE desk_counter (
	name VARCHAR(32) NOT NULL, 
	value BIGINT NOT NULL, 
	CONSTRAINT pk_desk_counter PRIMARY KEY (name)
)
-- ;;
CREATE TABLE registrant_change (
	id INTEGER NOT NULL, 
	commit_no BIGINT, 
	CONSTRAINT pk_registrant_change PRIMARY KEY (id)
)
-- ;;
CREATE INDEX ix_registrant_change_commit_no ON registrant_change (commit_no)
-- ;;
CREATE INDEX ix_registrant_change_no ON registrant (change_no)
-- ;;
CREATE TRIGGER placement_count_insert AFTER INSERT ON placement BEGIN INSERT OR IGNORE INTO desk_counter (name, value) VALUES ('placement', 0); UPDATE desk_counter SET value = MAX(value + 1, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE name = 'placement'; END
-- ;;
CREATE TRIGGER placement_count_update AFTER UPDATE ON placement BEGIN INSERT OR IGNORE INTO desk_counter (name, value) VALUES ('placement', 0); UPDATE desk_counter SET value = MAX(value + 1, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE name = 'placement'; END
-- ;;
CREATE TRIGGER placement_count_delete AFTER DELETE ON placement BEGIN INSERT OR IGNORE INTO desk_counter (name, value) VALUES ('placement', 0); UPDATE desk_counter SET value = MAX(value + 1, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE name = 'placement'; END
-- ;;
CREATE TRIGGER placement_slot_count_insert AFTER INSERT ON placement_slot BEGIN INSERT OR IGNORE INTO desk_counter (name, value) VALUES ('placement', 0); UPDATE desk_counter SET value = MAX(value + 1, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE name = 'placement'; END
-- ;;
CREATE TRIGGER placement_slot_count_update AFTER UPDATE ON placement_slot BEGIN INSERT OR IGNORE INTO desk_counter (name, value) VALUES ('placement', 0); UPDATE desk_counter SET value = MAX(value + 1, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE name = 'placement'; END
-- ;;
CREATE TRIGGER placement_slot_count_delete AFTER DELETE ON placement_slot BEGIN INSERT OR IGNORE INTO desk_counter (name, value) VALUES ('placement', 0); UPDATE desk_counter SET value = MAX(value + 1, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE name = 'placement'; END
-- ;;
CREATE TRIGGER placement_event_count_insert AFTER INSERT ON placement_event BEGIN INSERT OR IGNORE INTO desk_counter (name, value) VALUES ('placement', 0); UPDATE desk_counter SET value = MAX(value + 1, CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)) WHERE name = 'placement'; END
