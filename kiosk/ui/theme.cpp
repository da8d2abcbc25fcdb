// Colours chosen for old eyes: dark ink on warm paper, or white/yellow on black.
#include "theme.hpp"

namespace tramso::ui {

const Palette& palette(Contrast c) {
    static const Palette kNormal{
        .background = rgb(0xF7F3EA),
        .text = rgb(0x1B1B1B),
        .surface = rgb(0xFFFFFF),
        .surfaceText = rgb(0x1B1B1B),
        .surfaceBorder = rgb(0x8A8172),
        .toolbar = rgb(0xE6DFCF),
        .primary = rgb(0x0B4A7F),
        .primaryText = rgb(0xFFFFFF),
        .primaryPressed = rgb(0x052B4C),
        .primaryPressedText = rgb(0xFFFFFF),
        .secondary = rgb(0xFFFFFF),
        .secondaryText = rgb(0x1B1B1B),
        .secondaryPressed = rgb(0xCFC6B3),
        .secondaryPressedText = rgb(0x000000),
        .selected = rgb(0x0B4A7F),
        .selectedText = rgb(0xFFFFFF),
        .warning = rgb(0xFFF4CC),
        .warningText = rgb(0x1B1B1B),
        .accent = rgb(0x0B6E4F),
        .accent2 = rgb(0xC2410C),
        .scrim = rgb(0x000000),
    };
    static const Palette kHigh{
        .background = rgb(0x000000),
        .text = rgb(0xFFFFFF),
        .surface = rgb(0x000000),
        .surfaceText = rgb(0xFFFF00),
        .surfaceBorder = rgb(0xFFFFFF),
        .toolbar = rgb(0x000000),
        .primary = rgb(0xFFFF00),
        .primaryText = rgb(0x000000),
        .primaryPressed = rgb(0xFFFFFF),
        .primaryPressedText = rgb(0x000000),
        .secondary = rgb(0x000000),
        .secondaryText = rgb(0xFFFFFF),
        .secondaryPressed = rgb(0xFFFFFF),
        .secondaryPressedText = rgb(0x000000),
        .selected = rgb(0xFFFF00),
        .selectedText = rgb(0x000000),
        .warning = rgb(0x000000),
        .warningText = rgb(0xFFFF00),
        .accent = rgb(0xFFFF00),
        .accent2 = rgb(0x00FFFF),
        .scrim = rgb(0x000000),
    };
    return c == Contrast::High ? kHigh : kNormal;
}

} // namespace tramso::ui
