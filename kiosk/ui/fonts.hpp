// Noto Sans (found through fontconfig) at the sizes the kiosk needs: body, title and huge
// text for each of the three text sizes, sized in millimetres of cap height.
#pragma once
#include "kiosk/core/base/settings.hpp"

#include <array>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

struct ImFont;
struct ImFontAtlas;

namespace tramso::ui {

enum class FontRole { Body, Title, Huge };

// Cap height of body text at size A, in mm (target ≥ 4.8 mm; kept above it so pixel
// rounding never falls short).
constexpr float kBodyCapMmAtA = 5.2f;

struct FontFiles {
    std::filesystem::path regular;
    std::filesystem::path bold;
};

// Finds Noto Sans Regular and Bold through fontconfig. Returns false with a message that
// says what to install when they are missing.
bool findFonts(FontFiles& out, std::string& error);

class FontSet {
  public:
    // Adds the fonts to `atlas` (which it clears). `text` is every string the kiosk may
    // draw: its characters are added to the glyph ranges so nothing shows as '?'. Huge text
    // (attract, countdown, totals) only needs `hugeText`'s characters, which keeps the
    // atlas small; empty means `text`.
    bool build(ImFontAtlas& atlas, const FontFiles& files, float mmPerPx, const std::string& text,
               std::string& error, const std::string& hugeText = {});
    ImFont* get(TextSize size, FontRole role) const;
    float capHeightPx(TextSize size, FontRole role) const;

  private:
    std::array<std::array<ImFont*, 3>, 3> m_fonts{};
    std::array<std::array<float, 3>, 3> m_cap{};
};

float roleScale(FontRole r);

// Which characters Noto Sans Regular and Bold can both draw (for content checks).
class FontCoverage {
  public:
    bool load(const FontFiles& files, std::string& error);
    bool has(char32_t cp) const;

  private:
    std::vector<unsigned char> m_regular, m_bold;
    mutable std::unordered_map<char32_t, bool> m_known; // lessons repeat the same letters
};

} // namespace tramso::ui
