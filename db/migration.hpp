// One schema step: db/migrations/NNNN_*.sql, embedded at build time (embed_migrations.cmake)
// and applied in order, each in its own transaction, tracked by PRAGMA user_version.
#pragma once
#include <string_view>

namespace tramso::db {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

} // namespace tramso::db
