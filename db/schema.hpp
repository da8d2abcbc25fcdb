// The one way a kiosk database is opened: checked (quick_check), moved aside when damaged
// (renamed <prefix>.corrupt-<time>.sqlite with its WAL files, never deleted), configured
// (WAL, synchronous=FULL, foreign keys, bounded caches) and migrated from its .sql files.
// The statistics and the staff store both open through here.
#pragma once
#include "migration.hpp"
#include "sqlite.hpp"

#include <filesystem>
#include <memory>
#include <span>
#include <string>

namespace tramso::db {

struct Schema {
    std::string_view what;        // "statistics", "staff": for messages
    std::string_view asidePrefix; // "stats" -> stats.corrupt-20261122-140503.sqlite
    std::span<const Migration> migrations;
    int latest() const { return migrations.empty() ? 0 : migrations.back().version; }
};

const Schema& statsSchema();
const Schema& staffSchema();

enum class Opened { Ready, Created, MovedAside, TooNew, Failed };

struct OpenedDatabase {
    std::unique_ptr<Database> db; // null when Failed; not migrated when TooNew
    Opened status = Opened::Failed;
    int version = 0;     // the file's schema version (before migrating when TooNew)
    std::string movedTo; // file name of the damaged copy, when MovedAside
    std::string message; // what happened, in words, when not Ready/Created
};

OpenedDatabase openDatabase(const std::filesystem::path& file, const Schema& schema);
// An in-memory database at the latest schema (tests).
std::unique_ptr<Database> memoryDatabase(const Schema& schema);

// The pragmas every kiosk connection runs with; the page cache and the WAL are bounded so
// a kiosk that runs for months does not grow (issue 13, behaviour 3).
void configureConnection(Database& db, bool writer);

} // namespace tramso::db
