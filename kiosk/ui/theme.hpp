// The two colour themes. Every text/background pair here is checked by tests for WCAG
// contrast: ≥ 7:1 in the normal theme, ≥ 10:1 in high contrast.
#pragma once
#include "kiosk/core/base/color.hpp"
#include "kiosk/core/base/settings.hpp"

namespace tramso::ui {

struct Palette {
    Rgb background;  // screen
    Rgb text;        // body text on background
    Rgb surface;     // tiles, cards
    Rgb surfaceText; // text on surface
    Rgb surfaceBorder;
    Rgb toolbar; // toolbar strip
    Rgb primary; // main action buttons
    Rgb primaryText;
    Rgb primaryPressed;
    Rgb primaryPressedText;
    Rgb secondary; // other buttons
    Rgb secondaryText;
    Rgb secondaryPressed;
    Rgb secondaryPressedText;
    Rgb selected; // the toolbar setting now in use
    Rgb selectedText;
    Rgb warning; // idle warning card
    Rgb warningText;
    Rgb accent; // icons and progress, never text
    Rgb accent2;
    Rgb scrim; // darkening behind a modal
};

const Palette& palette(Contrast c);

} // namespace tramso::ui
