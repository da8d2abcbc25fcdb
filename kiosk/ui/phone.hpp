// The phone replica: a step's mockup drawn as a phone with the draw list, crisp at any
// size, in the resident's language, with an animated finger on the target. Its elements are
// real tap targets (for practice) and report what was tapped; they never keep input.
#pragma once
#include "../core/tutorial.hpp"
#include "ui.hpp"

#include <optional>
#include <string>

namespace tramso::ui {

struct PhoneTap {
    std::optional<std::string> element; // id tapped ("" = the screen beside the elements)
    std::optional<char> key;            // a keypad digit
};

struct PhoneOptions {
    Lang lang = Lang::Vi;
    bool finger = true;     // show the pointing finger
    double fingerSince = 0; // animation start
    std::string typed;      // demo digits typed so far
};

// Height-to-width of the drawn phone.
constexpr float kPhoneAspect = 1.8f;
// The flattest it may be drawn when the page is short.
constexpr float kMinPhoneAspect = 1.3f;

PhoneTap drawPhone(Ui& ui, const Mockup& m, const PhoneOptions& opt, ImVec2 pos, ImVec2 size);

// Height a phone `width` wide needs to show every element at its usual text size (one
// below the page's), and never less than `minAspect` × width (a real phone's shape by default).
float phoneHeight(Ui& ui, const Mockup& m, Lang lang, float width, float minAspect = kPhoneAspect);

} // namespace tramso::ui
