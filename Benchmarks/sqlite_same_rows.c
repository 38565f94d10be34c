/* Baseline (b2) for `make bench`: the rows `jianxi ingest` stored, inserted again by raw SQLite.
 * Reads every row of the store's ingested_file, revision and finding tables into memory, then
 * creates a fresh database with the store's own schema (same columns, CHECKs, UNIQUE, indexes)
 * and the same settings (WAL, synchronous=NORMAL), and inserts the rows with one prepared
 * statement per table in one transaction, then closes it (which checkpoints the WAL, as a
 * finished ingest does). What SQLite alone costs for exactly what jianxi writes, the canonical
 * content and the findings included. Prints the seconds the inserting took (loading the rows
 * is not counted), then the number of rows. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
        exit(2);
    }
}

struct table {
    const char *name;
    int columns;
    long rows;
    sqlite3_value **values; /* rows * columns */
};

static void load(sqlite3 *src, struct table *t) {
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT * FROM %s", t->name);
    sqlite3_stmt *stmt;
    check(sqlite3_prepare_v2(src, sql, -1, &stmt, NULL), src, sql);
    t->columns = sqlite3_column_count(stmt);
    long capacity = 1024;
    t->values = malloc(sizeof(sqlite3_value *) * capacity * t->columns);
    t->rows = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        if (t->rows == capacity) {
            capacity *= 2;
            t->values = realloc(t->values, sizeof(sqlite3_value *) * capacity * t->columns);
        }
        for (int c = 0; c < t->columns; c++)
            t->values[t->rows * t->columns + c] = sqlite3_value_dup(sqlite3_column_value(stmt, c));
        t->rows++;
    }
    sqlite3_finalize(stmt);
}

static void insert(sqlite3 *db, const struct table *t) {
    char sql[4096];
    int n = snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (", t->name);
    for (int c = 0; c < t->columns; c++) n += snprintf(sql + n, sizeof sql - n, c ? ",?" : "?");
    snprintf(sql + n, sizeof sql - n, ")");
    sqlite3_stmt *stmt;
    check(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), db, sql);
    for (long r = 0; r < t->rows; r++) {
        for (int c = 0; c < t->columns; c++) sqlite3_bind_value(stmt, c + 1, t->values[r * t->columns + c]);
        check(sqlite3_step(stmt), db, t->name);
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: sqlite_same_rows STORE.sqlite NEW.sqlite\n"); return 2; }
    sqlite3 *src, *db;
    check(sqlite3_open_v2(argv[1], &src, SQLITE_OPEN_READONLY, NULL), src, "open store");
    struct table tables[] = {{"ingested_file"}, {"revision"}, {"finding"}};
    for (int i = 0; i < 3; i++) load(src, &tables[i]);

    check(sqlite3_open(argv[2], &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL, NULL), db, "pragmas");
    sqlite3_stmt *schema;
    check(sqlite3_prepare_v2(src, "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
                                  " AND name != 'grdb_migrations' ORDER BY rowid", -1, &schema, NULL), src, "schema");
    while (sqlite3_step(schema) == SQLITE_ROW)
        check(sqlite3_exec(db, (const char *)sqlite3_column_text(schema, 0), NULL, NULL, NULL), db, "create");
    sqlite3_finalize(schema);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
    long rows = 0;
    for (int i = 0; i < 3; i++) {
        insert(db, &tables[i]);
        rows += tables[i].rows;
    }
    check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
    check(sqlite3_close(db), NULL, "close");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%.4f\n%ld\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, rows);
    sqlite3_close(src);
    return 0;
}
