# Turns db/migrations/NNNN_*.sql (or another folder of them) into a C++ header (raw string
# literals) holding the array VAR, so the binary carries its schemas and needs no files at
# run time.
file(GLOB files "${SRC}/*.sql")
list(SORT files)
set(out "// Generated from ${SRC} by embed_migrations.cmake. Do not edit.\n#pragma once\n#include \"db/migration.hpp\"\n#include <array>\nnamespace tramso::db {\ninline constexpr std::array ${VAR} = {\n")
foreach(f ${files})
  get_filename_component(name "${f}" NAME)
  string(SUBSTRING "${name}" 0 4 num)
  math(EXPR version "${num}")
  file(READ "${f}" sql)
  string(APPEND out "  Migration{${version}, \"${name}\", R\"tramso_sql(${sql})tramso_sql\"},\n")
endforeach()
string(APPEND out "};\n} // namespace tramso::db\n")
file(WRITE "${OUT}.tmp" "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
