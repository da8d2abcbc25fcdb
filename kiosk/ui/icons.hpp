// Icons drawn with ImGui's draw list so they are crisp at any size and follow the theme's
// colours; no image files to lose or scale.
#pragma once
#include <imgui.h>

namespace tramso::ui {

enum class Icon {
    PublicServices, // skill 1: a government building
    Shopping,       // skill 2: a shopping bag
    Payment,        // skill 3: a phone paying with a QR code
    Protect,        // skill 4: a shield with a tick
    Platforms,      // skill 5: chat bubbles
    Portals,        // official addresses: a globe
    Help,           // call a team member: a person waving
    Home,
    Touch, // attract screen: a fingertip
    Clock,
    PhoneCamera, // "open the camera or Zalo"
    ScanQr,      // "point the phone at the code"
    TapLink,     // "tap the link that appears"
    ArrowUp,
    ArrowDown,
    ArrowLeft, // the home grid's pages
    ArrowRight,
};

Icon skillIcon(int skill);

// Draws `icon` inside the square at `min` with side `size`.
void drawIcon(ImDrawList* dl, Icon icon, ImVec2 min, float size, ImU32 color, ImU32 color2);

} // namespace tramso::ui
