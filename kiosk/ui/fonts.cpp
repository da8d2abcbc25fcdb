// Font lookup with fontconfig and sizing with stb_truetype's metrics: the pixel size is
// chosen so the capital 'H' is kBodyCapMmAtA tall on this monitor.
#include "fonts.hpp"

#include "kiosk/core/base/text.hpp"

#include <fontconfig/fontconfig.h>
#include <imgui.h>
#include <stb_truetype.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace tramso::ui {
namespace {

bool matchFont(const char* style, std::filesystem::path& out) {
    FcPattern* pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>("Noto Sans"));
    FcPatternAddString(pat, FC_STYLE, reinterpret_cast<const FcChar8*>(style));
    FcConfigSubstitute(nullptr, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pat, &res);
    bool ok = false;
    if (match) {
        FcChar8* family = nullptr;
        FcChar8* file = nullptr;
        if (FcPatternGetString(match, FC_FAMILY, 0, &family) == FcResultMatch &&
            FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
            std::string(reinterpret_cast<char*>(family)) == "Noto Sans") {
            out = reinterpret_cast<char*>(file);
            ok = std::filesystem::exists(out);
        }
        FcPatternDestroy(match);
    }
    FcPatternDestroy(pat);
    return ok;
}

// Cap height of 'H' as a fraction of the pixel height ImGui sizes fonts by
// (ascent − descent, stbtt_ScaleForPixelHeight).
float capRatio(const std::vector<unsigned char>& ttf) {
    stbtt_fontinfo info;
    if (!stbtt_InitFont(&info, ttf.data(), stbtt_GetFontOffsetForIndex(ttf.data(), 0))) {
        return 0.524f; // Noto Sans' published metrics
    }
    int ascent = 0, descent = 0, gap = 0;
    stbtt_GetFontVMetrics(&info, &ascent, &descent, &gap);
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    stbtt_GetCodepointBox(&info, 'H', &x0, &y0, &x1, &y1);
    return static_cast<float>(y1 - y0) / static_cast<float>(ascent - descent);
}

// A font file's bytes, read in one go (byte by byte, through an istreambuf_iterator, the
// two files took a noticeable part of a start); empty when the file cannot be read.
std::vector<unsigned char> fontBytes(const std::filesystem::path& p) {
    const std::optional<std::string> bytes = readFile(p);
    return bytes ? std::vector<unsigned char>(bytes->begin(), bytes->end())
                 : std::vector<unsigned char>{};
}

} // namespace

// Every Vietnamese letter, both cases: all the body font needs beyond ASCII and the text.
const char* const kVietnameseLetters =
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";

float roleScale(FontRole r) {
    constexpr std::pair<FontRole, float> kScales[] = {
        {FontRole::Body, 1.0f}, {FontRole::Title, 1.45f}, {FontRole::Huge, 2.3f}};
    return lookup(kScales, r, 1.0f);
}

bool findFonts(FontFiles& out, std::string& error) {
    if (!FcInit()) {
        error = "fontconfig could not start";
        return false;
    }
    if (!matchFont("Regular", out.regular) || !matchFont("Bold", out.bold)) {
        error = "the font Noto Sans was not found through fontconfig; install the Debian "
                "package fonts-noto-core (apt-get install fonts-noto-core)";
        return false;
    }
    return true;
}

bool FontSet::build(ImFontAtlas& atlas, const FontFiles& files, float mmPerPx,
                    const std::string& text, std::string& error, const std::string& hugeText) {
    atlas.Clear();
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight; // upload only the rows used
    std::vector<unsigned char> regular = fontBytes(files.regular);
    std::vector<unsigned char> bold = fontBytes(files.bold);
    if (regular.empty() || bold.empty()) {
        error =
            "cannot read the font files " + files.regular.string() + " and " + files.bold.string();
        return false;
    }
    const float ratio = capRatio(regular);

    // Body text: every Vietnamese letter plus every character of the kiosk's own text (e.g.
    // "–", "…"). Titles and huge text: only the characters that text uses, which keeps the
    // atlas small; content loaded later adds its text here too.
    ImVector<ImWchar> bodyRanges, titleRanges, hugeRanges; // used until atlas.Build() below
    static constexpr ImWchar kAscii[] = {0x0020, 0x007E, 0};
    // punctuation screens put between texts (not in any string file)
    static constexpr const char* kPunctuation = "·–—…“”‘’";
    {
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(kAscii);
        builder.AddText(kVietnameseLetters); // any name a technician may type
        builder.AddText(kPunctuation);
        builder.AddText(text.c_str(), text.c_str() + text.size());
        builder.BuildRanges(&bodyRanges);
    }
    {
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(kAscii);
        builder.AddText(kPunctuation);
        builder.AddText(text.c_str(), text.c_str() + text.size());
        builder.BuildRanges(&titleRanges);
    }
    {
        const std::string& huge = hugeText.empty() ? text : hugeText;
        ImFontGlyphRangesBuilder builder;
        builder.AddText(huge.c_str(), huge.c_str() + huge.size());
        builder.AddChar(' ');
        builder.BuildRanges(&hugeRanges);
    }

    for (TextSize size : {TextSize::Small, TextSize::Normal, TextSize::Large}) {
        for (FontRole role : {FontRole::Body, FontRole::Title, FontRole::Huge}) {
            float capMm = kBodyCapMmAtA * textScale(size) * roleScale(role);
            float capPx = capMm / mmPerPx;
            float pixelSize = std::ceil(capPx / ratio);
            ImFontConfig cfg;
            cfg.OversampleH = 1;
            cfg.OversampleV = 1;
            cfg.PixelSnapH = true;
            cfg.FontDataOwnedByAtlas = false;
            auto& data = role == FontRole::Body ? regular : bold;
            ImFont* f = atlas.AddFontFromMemoryTTF(
                data.data(), static_cast<int>(data.size()), pixelSize, &cfg,
                role == FontRole::Body ? bodyRanges.Data : titleRanges.Data);
            if (!f) {
                error = "the font could not be loaded at " + std::to_string(pixelSize) + " px";
                return false;
            }
            m_fonts[static_cast<int>(size)][static_cast<int>(role)] = f;
        }
    }
    if (!atlas.Build()) {
        error = "the font atlas could not be built";
        return false;
    }
    for (int s = 0; s < 3; ++s) {
        for (int r = 0; r < 3; ++r) {
            const ImFontGlyph* h = m_fonts[s][r]->FindGlyphNoFallback('H');
            m_cap[s][r] = h ? (h->Y1 - h->Y0) : 0.0f;
        }
    }
    // Font data was only borrowed while building.
    atlas.ClearInputData();
    return true;
}

ImFont* FontSet::get(TextSize size, FontRole role) const {
    return m_fonts[static_cast<int>(size)][static_cast<int>(role)];
}

float FontSet::capHeightPx(TextSize size, FontRole role) const {
    return m_cap[static_cast<int>(size)][static_cast<int>(role)];
}

} // namespace tramso::ui

namespace tramso::ui {

bool FontCoverage::load(const FontFiles& files, std::string& error) {
    m_regular = fontBytes(files.regular);
    m_bold = fontBytes(files.bold);
    if (m_regular.empty() || m_bold.empty()) {
        error = "cannot read the font files";
        return false;
    }
    return true;
}

bool FontCoverage::has(char32_t cp) const {
    if (cp < 0x20) {
        return cp == '\n';
    }
    if (auto it = m_known.find(cp); it != m_known.end()) {
        return it->second;
    }
    bool found = true;
    for (const auto* data : {&m_regular, &m_bold}) {
        stbtt_fontinfo info;
        if (!stbtt_InitFont(&info, data->data(), stbtt_GetFontOffsetForIndex(data->data(), 0)) ||
            stbtt_FindGlyphIndex(&info, static_cast<int>(cp)) == 0) {
            found = false;
            break;
        }
    }
    m_known.emplace(cp, found);
    return found;
}

} // namespace tramso::ui
