import GRDB
import JianxiDomain

/// The store's schema, as migrations that never change once shipped: a newer tool upgrades an
/// older store by running the ones it lacks; an older tool refuses a store that has migrations
/// it does not know. The schema itself enforces what must always hold (CHECK, UNIQUE, foreign keys).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-revisions") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-explanations") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-scope") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4-checks-without-lists") { db in
            try v4(db)
        }
        return migrator
    }

    /// Every file read by `ingest`, with what came of it.
    static let v1 = """
        CREATE TABLE ingested_file (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            returns_read INTEGER NOT NULL CHECK (returns_read >= 0),
            stored INTEGER NOT NULL CHECK (stored >= 0),
            unchanged INTEGER NOT NULL CHECK (unchanged >= 0),
            rejected INTEGER NOT NULL CHECK (rejected >= 0),
            findings TEXT NOT NULL -- JSON array of the file's own findings
        );

        -- One row per revision of a return; never updated, never deleted.
        CREATE TABLE revision (
            id INTEGER PRIMARY KEY,
            region_code TEXT,
            period TEXT CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
            revision INTEGER NOT NULL CHECK (revision >= 1),
            status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
            \(Indicator.allCases.map { "\($0.key) INTEGER CHECK (\($0.key) >= 0)," }.joined(separator: "\n    "))
            region_name TEXT,
            submitted_on TEXT,
            reporter TEXT,
            phone TEXT,
            judged_on TEXT NOT NULL,
            judged_on_basis TEXT NOT NULL CHECK (judged_on_basis IN ('received', 'submitted_on', 'today')),
            deadline TEXT,
            working_days_late INTEGER CHECK (working_days_late >= 0),
            errors INTEGER NOT NULL CHECK (errors >= 0),
            content_hash TEXT NOT NULL,
            content TEXT NOT NULL, -- the return as read, canonical JSON
            file_id INTEGER NOT NULL REFERENCES ingested_file(id),
            source_row INTEGER NOT NULL,
            ingested_at TEXT NOT NULL,
            -- An accepted return has every figure, a region and a period, and no error.
            CHECK (status = 'rejected' OR (errors = 0 AND region_code IS NOT NULL AND period IS NOT NULL
                AND \(Indicator.allCases.map { "\($0.key) IS NOT NULL" }.joined(separator: " AND ")))),
            UNIQUE (region_code, period, revision)
        );
        CREATE INDEX revision_by_content ON revision(region_code, period, content_hash);

        CREATE TABLE finding (
            revision_id INTEGER NOT NULL REFERENCES revision(id),
            ordinal INTEGER NOT NULL,
            code TEXT NOT NULL,
            severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
            "column" TEXT,
            message_zh TEXT NOT NULL,
            message_en TEXT NOT NULL,
            hint_zh TEXT NOT NULL,
            hint_en TEXT NOT NULL,
            "values" TEXT NOT NULL, -- JSON object of the figures involved
            PRIMARY KEY (revision_id, ordinal)
        ) WITHOUT ROWID;
        """

    /// Explanations (说明) of warnings, from a return's `explanations` or `jianxi explain`. The
    /// latest one for a region, period and rule is in force; earlier ones are kept.
    static let v2 = """
        CREATE TABLE explanation (
            id INTEGER PRIMARY KEY,
            region_code TEXT NOT NULL,
            period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
            rule TEXT NOT NULL,
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            given_at TEXT NOT NULL,
            given_by TEXT NOT NULL CHECK (given_by IN ('return', 'command')),
            revision_id INTEGER REFERENCES revision(id)
        );
        CREATE INDEX explanation_by_key ON explanation(region_code, period, rule);
        """

    /// A city's own consolidated return (scope `total`), kept apart from the units' returns and
    /// compared with the sum of its counties.
    static let v3 = """
        ALTER TABLE revision ADD COLUMN scope TEXT NOT NULL DEFAULT 'unit' CHECK (scope IN ('unit', 'total'));
        """

    /// CHECKs over a list of three values, rewritten as comparisons that mean the same: for
    /// `x IN ('a', 'b', 'c')` SQLite fills a temporary index for every row inserted, which cost
    /// as much as inserting the row. Only the constraints' text changes, so it is changed in
    /// place as SQLite documents for such changes (sqlite.org/lang_altertable.html, "Making Other
    /// Kinds Of Table Schema Changes"): no row is copied, however large the store.
    static let v4Rewrites: [(table: String, list: String, comparisons: String)] = [
        ("revision", "judged_on_basis IN ('received', 'submitted_on', 'today')",
         "(judged_on_basis = 'received' OR judged_on_basis = 'submitted_on' OR judged_on_basis = 'today')"),
        ("finding", "severity IN ('error', 'warning', 'info')",
         "(severity = 'error' OR severity = 'warning' OR severity = 'info')"),
    ]

    static func v4(_ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        try db.execute(sql: "PRAGMA writable_schema = ON")
        for rewrite in v4Rewrites {
            try db.execute(sql: "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
                           arguments: [rewrite.list, rewrite.comparisons, rewrite.table])
        }
        // Other connections read the schema again when its version changes.
        try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
        try db.execute(sql: "PRAGMA writable_schema = OFF")
        for rewrite in v4Rewrites {
            let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [rewrite.table])
            guard let sql, sql.contains(rewrite.comparisons), !sql.contains(rewrite.list) else {
                throw DatabaseError(message: "v4: the CHECK of \(rewrite.table) is not as v1 wrote it")
            }
        }
    }
}
