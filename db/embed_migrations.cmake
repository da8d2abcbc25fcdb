# Turns db/migrations/NNNN_*.sql into a C++ header (raw string literals), so the binary
# carries its schema and needs no files at run time.
# NS: the namespace (default tramso::db); the province store embeds its own set.
if(NOT NS)
  set(NS tramso::db)
endif()
file(GLOB files "${SRC}/*.sql")
list(SORT files)
set(out "// Generated from db/migrations by embed_migrations.cmake. Do not edit.\n#pragma once\n#include <array>\n#include <string_view>\nnamespace ${NS} {\nstruct Migration { int version; std::string_view name; std::string_view sql; };\ninline constexpr std::array kMigrations = {\n")
foreach(f ${files})
  get_filename_component(name "${f}" NAME)
  string(SUBSTRING "${name}" 0 4 num)
  math(EXPR version "${num}")
  file(READ "${f}" sql)
  string(APPEND out "  Migration{${version}, \"${name}\", R\"tramso_sql(${sql})tramso_sql\"},\n")
endforeach()
string(APPEND out "};\n} // namespace ${NS}\n")
file(WRITE "${OUT}.tmp" "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
