// Turns on-screen text into words a synthesizer reads the way a resident understands them:
// codes digit by digit, phone numbers in groups, web addresses with "chấm"/"dot", amounts as
// one number. The screen keeps the original text; only the voice hears this version.
#pragma once
#include <string>
#include <string_view>

namespace tramso::speech {

// `lang` is "vi" or "en" (any other code is read with the Vietnamese rules).
std::string speakable(std::string_view text, std::string_view lang);

} // namespace tramso::speech
