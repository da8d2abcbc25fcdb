// Everything the kiosk shows that is data, loaded once at start from the assets folder:
// the string table, the portal registry, the tutorials, plans and quizzes. Problems are
// collected, never fatal: what loads, shows.
//
// Loaded content is never changed: the kiosk shows one immutable snapshot (ContentPtr) and a
// pack install or rollback swaps the pointer between frames. Whatever keeps content beyond a
// frame (an export thread, a quiz, the narrator, a lesson or a guided session) keeps its own
// snapshot, so the old content lives exactly as long as someone still reads it.
#pragma once
#include "kiosk/core/base/diagnostic.hpp"
#include "kiosk/core/base/strings.hpp"
#include "kiosk/core/config/config.hpp"
#include "kiosk/core/nav/route.hpp"
#include "plan.hpp"
#include "portals.hpp"
#include "quiz.hpp"
#include "speech.hpp"
#include "tutorial.hpp"

#include <filesystem>
#include <memory>

namespace tramso {

struct Content {
    std::filesystem::path assets;
    // The installed content pack's version (its pack.toml), for statistics and exports;
    // empty for the bundled content.
    std::string version;
    Strings strings;
    PortalRegistry portals;
    TutorialSet tutorials;
    PlanSet plans;
    QuizSet quizzes;
    // Languages beyond vi/en (assets/languages.toml), and the ones a resident may choose
    // (vi, en, and each pack with titles or recordings), found when the content loads.
    speech::LanguageSet languages;
    std::vector<speech::LanguageChoice> languageChoices;
    Diagnostics diagnostics;

    // Every character the kiosk may draw (for the font atlas).
    std::string allText(const Config& config) const;
    // The characters drawn in huge letters (never lesson content).
    std::string screenText(const Config& config) const;
};

// The spelling of every text (tone marks in one style, core/orthography.hpp) is a check for
// content being written or installed; the running kiosk skips it at every start, since its
// content was checked when it was built or installed.
enum class Spelling { Check, Skip };

Content loadContent(const std::filesystem::path& assets, const Config& config,
                    const GlyphCheck& canDraw = {}, Spelling spelling = Spelling::Check);

using ContentPtr = std::shared_ptr<const Content>;

// "" when the content knows the id a route names (by its screen table row: a portal, a
// lesson or a quiz); else why not, for `--open`, scripts and deep links.
std::string unknownRouteId(const Content& content, const Route& route);

// What the narration reads (references into `content`), keeping `content` alive with it.
std::shared_ptr<const speech::SpeechContent> speechContentOf(ContentPtr content);

} // namespace tramso
