// One Vietnamese spelling for every content file: the tone-mark placement of current
// government documents ("hóa", "khỏe", "thủy", not "hoá", "khoẻ", "thuỷ") and NFC text, so a
// resident never sees the same word written two ways. Checked by `tramso check-content`.
#pragma once
#include "kiosk/core/base/diagnostic.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tramso::orthography {

// The modern spelling of one word when it uses the old placement, else nullopt. The old
// style puts the mark on the last vowel of an open oa, oe or uy rhyme ("hoá", "khoẻ",
// "huỷ"); the modern style puts it on the first ("hóa", "khỏe", "hủy"). With a final
// consonant both styles mark the second vowel ("hoàn", "thoát"), so "thóat" is a slip and is
// corrected too. qu-/gi- words ("quý", "quá") have a one-vowel rhyme and always pass.
std::optional<std::string> modernSpelling(std::string_view word);

struct Finding {
    int line = 0;        // 1-based
    std::string word;    // as written (empty for an NFC finding)
    std::string modern;  // the spelling to use instead
    bool notNfc = false; // the line is not NFC (decomposed marks)
};

// Every old-style word and every non-NFC line of a text (a whole file).
std::vector<Finding> check(std::string_view text);

// Warnings for every *.toml under `assets` (lessons, strings, portals, plans, …), naming
// file, line and word.
void checkAssets(const std::filesystem::path& assets, Diagnostics& diag);

} // namespace tramso::orthography
