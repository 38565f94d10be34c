/* Baseline (b) for `make bench`: the rows of a returns CSV (as `jianxi sample` writes it: no
 * quoted fields) parsed naively and inserted into a table shaped like the store's `revision`
 * table (same columns, CHECKs, UNIQUE and index), with one prepared statement in one
 * transaction, WAL mode: what SQLite itself costs for what `jianxi ingest` stores per return,
 * without validation, findings or the canonical JSON. Prints the number of rows inserted. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *schema =
    "PRAGMA journal_mode=WAL;"
    "CREATE TABLE ingested_file (id INTEGER PRIMARY KEY, source TEXT NOT NULL);"
    "CREATE TABLE revision ("
    " id INTEGER PRIMARY KEY, region_code TEXT,"
    " period TEXT CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),"
    " revision INTEGER NOT NULL CHECK (revision >= 1),"
    " status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),"
    " units_total INTEGER CHECK (units_total >= 0), units_new INTEGER CHECK (units_new >= 0),"
    " posts_total INTEGER CHECK (posts_total >= 0), posts_new INTEGER CHECK (posts_new >= 0),"
    " planned INTEGER CHECK (planned >= 0), onboarded INTEGER CHECK (onboarded >= 0),"
    " onboarded_grads INTEGER CHECK (onboarded_grads >= 0), completed INTEGER CHECK (completed >= 0),"
    " retained INTEGER CHECK (retained >= 0), retained_grads INTEGER CHECK (retained_grads >= 0),"
    " employed_other INTEGER CHECK (employed_other >= 0), ended_abnormal INTEGER CHECK (ended_abnormal >= 0),"
    " on_post INTEGER CHECK (on_post >= 0), subsidy_ytd INTEGER CHECK (subsidy_ytd >= 0),"
    " region_name TEXT, submitted_on TEXT, reporter TEXT, phone TEXT,"
    " judged_on TEXT NOT NULL, judged_on_basis TEXT NOT NULL, deadline TEXT,"
    " working_days_late INTEGER, errors INTEGER NOT NULL CHECK (errors >= 0),"
    " content_hash TEXT NOT NULL, content TEXT NOT NULL,"
    " file_id INTEGER NOT NULL REFERENCES ingested_file(id), source_row INTEGER NOT NULL,"
    " ingested_at TEXT NOT NULL, scope TEXT NOT NULL DEFAULT 'unit',"
    " UNIQUE (region_code, period, revision));"
    "CREATE INDEX revision_by_content ON revision(region_code, period, content_hash);";

static const char *insert =
    "INSERT INTO revision (region_code, period, revision, status, units_total, units_new, posts_total,"
    " posts_new, planned, onboarded, onboarded_grads, completed, retained, retained_grads, employed_other,"
    " ended_abnormal, on_post, subsidy_ytd, region_name, submitted_on, reporter, phone, judged_on,"
    " judged_on_basis, deadline, working_days_late, errors, content_hash, content, file_id, source_row,"
    " ingested_at, scope) VALUES (?,?,1,'accepted',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'submitted_on',NULL,0,0,?,?,1,?,"
    " '2026-01-01T00:00:00Z','unit')";

/* 万元 with up to 4 decimals -> yuan. */
static long long yuan(const char *s) {
    long long whole = 0, fraction = 0;
    int decimals = 0;
    for (; *s >= '0' && *s <= '9'; s++) whole = whole * 10 + (*s - '0');
    if (*s == '.') for (s++; *s >= '0' && *s <= '9' && decimals < 4; s++, decimals++) fraction = fraction * 10 + (*s - '0');
    for (; decimals < 4; decimals++) fraction *= 10;
    return whole * 10000 + fraction;
}

static int check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(2);
    }
    return rc;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: sqlite_baseline RETURNS.csv DB\n"); return 2; }
    FILE *in = fopen(argv[1], "r");
    if (!in) { perror(argv[1]); return 2; }
    sqlite3 *db;
    check(sqlite3_open(argv[2], &db), db, "open");
    check(sqlite3_exec(db, schema, NULL, NULL, NULL), db, "schema");
    check(sqlite3_exec(db, "BEGIN IMMEDIATE; INSERT INTO ingested_file VALUES (1, 'returns.csv');", NULL, NULL, NULL), db, "begin");
    sqlite3_stmt *stmt;
    check(sqlite3_prepare_v2(db, insert, -1, &stmt, NULL), db, "prepare");
    char line[4096], copy[4096];
    long long rows = 0, record = 0;
    while (fgets(line, sizeof line, in)) {
        if (++record == 1) continue; /* the header */
        size_t length = strcspn(line, "\r\n");
        line[length] = 0;
        if (length == 0) continue;
        memcpy(copy, line, length + 1);
        char *field[32];
        int count = 0;
        for (char *p = line; count < 32;) {
            field[count++] = p;
            char *comma = strchr(p, ',');
            if (!comma) break;
            *comma = 0;
            p = comma + 1;
        }
        if (count < 20) { fprintf(stderr, "row %lld: %d fields\n", record, count); return 2; }
        uint64_t hash = 0xcbf29ce484222325ULL;
        for (const char *p = copy; *p; p++) { hash ^= (unsigned char)*p; hash *= 0x100000001b3ULL; }
        char hex[17];
        snprintf(hex, sizeof hex, "%016llx", (unsigned long long)hash);
        sqlite3_bind_text(stmt, 1, field[0], -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, field[2], -1, SQLITE_STATIC);
        for (int i = 0; i < 13; i++) sqlite3_bind_int64(stmt, 3 + i, atoll(field[6 + i]));
        sqlite3_bind_int64(stmt, 16, yuan(field[19]));
        sqlite3_bind_text(stmt, 17, field[1], -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 18, field[3], -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 19, field[4], -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 20, field[5], -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 21, field[3], -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 22, hex, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 23, copy, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 24, record);
        check(sqlite3_step(stmt), db, "insert");
        sqlite3_reset(stmt);
        rows++;
    }
    sqlite3_finalize(stmt);
    check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
    sqlite3_close(db);
    fclose(in);
    printf("%lld rows\n", rows);
    return 0;
}
