// The phone replica: a step's mockup drawn as a phone with the draw list, crisp at any
// size, in the resident's language, with an animated finger on the target. Its elements are
// real tap targets (for practice) and report what was tapped; they never keep input.
#pragma once
#include "kiosk/core/content/tutorial.hpp"
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

// Height a phone `width` wide needs with its words at the smallest size (all it may shrink to).
float phoneNeeds(Ui& ui, const Mockup& m, Lang lang, float width);
// Narrowest phone whose targets stay ≥ 15 mm (a keypad's three keys side by side).
float phoneMinWidth(Ui& ui, const Mockup& m);
// The size to draw the phone at in `box`: as large as fits, a real phone's shape when the
// room allows and never flatter than kMinPhoneAspect, never narrower than phoneMinWidth
// nor wider than `maxWidth`. Its height exceeds box.y only if its elements need more even
// at the smallest words; the caller then gives it more room.
ImVec2 fitPhone(Ui& ui, const Mockup& m, Lang lang, ImVec2 box, float maxWidth);

// Height a phone `width` wide needs to show every element at its usual text size (one
// below the page's), and never less than `minAspect` × width (a real phone's shape by default).
float phoneHeight(Ui& ui, const Mockup& m, Lang lang, float width, float minAspect = kPhoneAspect);

} // namespace tramso::ui
