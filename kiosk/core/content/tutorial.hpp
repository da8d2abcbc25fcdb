// Tutorials as data: one TOML file per lesson in assets/tutorials/ (format documented in
// assets/tutorials/README.md). Steps may carry a phone replica ("mockup") to practise on,
// an image, a portal QR code and a multiple-choice check.
#pragma once
#include "kiosk/core/base/diagnostic.hpp"
#include "kiosk/core/base/strings.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tramso {

class PortalRegistry;

// One thing on the replica phone screen.
struct MockElement {
    enum class Kind { Text, Button, Input, Icon, Row, Keypad };
    Kind kind = Kind::Text;
    std::string id;     // for `target`; optional otherwise
    Translated label;   // what the phone shows (input: the field's name)
    Translated value;   // input: the demo text shown in the box
    std::string icon;   // icon kind: camera, qr, bank, shield, phone, chat, health, id, cart, bill
    std::string digits; // keypad: the demo code to type (digits only, shown on screen)
};

std::optional<MockElement::Kind> parseMockKind(std::string_view s);

struct Mockup {
    Translated app; // the app's title bar
    std::vector<MockElement> elements;
    std::string target; // id of the element to tap (or the keypad to type on)
    const MockElement* targetElement() const;
};

struct Check {
    Translated question;
    std::vector<Translated> answers; // 2–4
    int right = 0;                   // index into answers (0-based)
    Translated feedbackRight;
    Translated feedbackWrong;
};

struct Step {
    Translated text; // one action, ≤ 20 words
    std::optional<Translated> detail;
    std::string image; // relative to assets/images/
    std::optional<Mockup> mockup;
    std::string portal;
    std::optional<Check> check;
};

struct Tutorial {
    std::string id;
    int skill = 0;
    Translated title;
    Translated summary;
    int minutes = 0;
    std::optional<Translated> papers; // what to bring, for the end screen
    std::string portal;               // where to continue, for the end screen
    // kProvinceAppPortal when the lesson teaches the province's own app: it is shown only
    // when the config names that app, and "{province_app}" in its texts becomes the name.
    std::string needs;
    std::vector<Step> steps;
    std::string file; // where it came from, for messages
};

// A lesson picture is at most this many pixels wide and high (checked from the PNG header
// at check-content, pack build, install and load, before anything decodes it): 4096×4096
// RGBA is 64 MB decoded; the screen is 1920 px at most.
constexpr uint32_t kMaxPictureSide = 4096;
// The portal the config adds for the province's citizen app (province_app_name/_url).
inline constexpr std::string_view kProvinceAppPortal = "ung-dung-tinh";
inline constexpr std::string_view kProvinceAppPlaceholder = "{province_app}";
constexpr int kMaxInstructionWords = 20;

struct TutorialSet {
    std::vector<Tutorial> tutorials;
    const Tutorial* find(std::string_view id) const;
    std::vector<const Tutorial*> forSkill(int skill) const;
};

// Loads every *.toml in `assets/tutorials`. Each problem becomes a diagnostic; a tutorial
// with an error is skipped, the others load. `portals` resolves portal ids.
// `canDraw`, when given, says whether the font has a character; a tutorial using one it
// lacks is an error (it would show as '?').
using GlyphCheck = std::function<bool(char32_t)>;
TutorialSet loadTutorials(const std::filesystem::path& assets, const PortalRegistry& portals,
                          Diagnostics& diag, const GlyphCheck& canDraw = {});
// One file's text (for tests and the fuzzer); `assets` resolves images.
std::optional<Tutorial> parseTutorial(std::string_view text, const std::string& fileName,
                                      const std::filesystem::path& assets,
                                      const PortalRegistry& portals, Diagnostics& diag);

// Calls `use` with the name and text of every *.toml directly in `folder` (under `assets`),
// in name order. A link leading outside `assets`, a file over kMaxContentFileBytes (the error
// says "split the <what>") or one that cannot be read is an error in `diag` and skipped.
// A missing folder calls nothing.
void forEachContentFile(
    const std::filesystem::path& folder, const std::filesystem::path& assets, std::string_view what,
    Diagnostics& diag,
    const std::function<void(const std::string& name, const std::string& text)>& use);

// The item of `items` (lessons, quizzes, plans) with this id, or nullptr.
template <typename T> const T* findById(const std::vector<T>& items, std::string_view id) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
    return it == items.end() ? nullptr : &*it;
}

// Adds `item`, read from the file `name`, to `items` unless one there has its id: then that
// is an error in `diag` and the file is skipped.
template <typename T>
void addUnlessIdUsed(std::vector<T>& items, T item, const std::string& name, Diagnostics& diag) {
    if (const T* other = findById(items, item.id)) {
        diag.push_back(
            {Diagnostic::Severity::Error, name, 1,
             "id '" + item.id + "' is already used by " + other->file + "; this file is skipped"});
        return;
    }
    items.push_back(std::move(item));
}

// Both texts of a translated one: Vietnamese, then English.
void forEachText(const Translated& x, const std::function<void(const std::string&)>& f);
// Every resident-facing text of a tutorial (for glyph checks and the font atlas).
void forEachText(const Tutorial& t, const std::function<void(const std::string&)>& f);

} // namespace tramso
