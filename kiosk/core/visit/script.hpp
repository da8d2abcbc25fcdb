// `--script FILE`: a list of things a finger and an observer do, one command a line:
//   tap "label" · hold "label" (3.5 s, the staff gesture) · swipe "label" DY (drag a
//   finger DY pixels over 10 frames) · open ROUTE · wait MS · screenshot FILE ·
//   dump FILE (what `--dump-ui` writes, of the screen shown) · expect "text" · quit
// Lines starting with # are comments. Parsing is plain C++ so it is unit-tested and fuzzed.
#pragma once
#include "kiosk/core/base/diagnostic.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace tramso {

struct ScriptCommand {
    enum class Kind { Tap, Hold, Swipe, Open, Wait, Screenshot, Dump, Expect, Quit };
    Kind kind = Kind::Quit;
    std::string arg; // label, route, file or text
    int ms = 0;      // for Wait; pixels for Swipe
    int line = 0;
};

struct Script {
    std::string file;
    std::vector<ScriptCommand> commands;
};

Script parseScript(std::string_view text, const std::string& fileName, Diagnostics& diag);
Script loadScript(const std::filesystem::path& file, Diagnostics& diag);

} // namespace tramso
