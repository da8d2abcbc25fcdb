// Writing a file so that a power cut or a pulled USB stick leaves either the old file or the
// new one, never half of it: write to a temporary name beside it, fsync, rename, fsync the
// folder.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace tramso {

// Returns "" on success, else what went wrong (with the path); the temporary file is
// removed on failure.
std::string writeFileAtomically(const std::filesystem::path& file, std::string_view data);
// fsyncs a folder so a rename in it is durable; "" on success.
std::string syncFolder(const std::filesystem::path& dir);

} // namespace tramso
