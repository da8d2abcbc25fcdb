// Each icon is a few primitives on a unit grid (0..1), scaled to the requested square.
#include "icons.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace tramso::ui {

Icon skillIcon(int skill) {
    switch (skill) {
    case 1:
        return Icon::PublicServices;
    case 2:
        return Icon::Shopping;
    case 3:
        return Icon::Payment;
    case 4:
        return Icon::Protect;
    default:
        return Icon::Platforms;
    }
}

void drawIcon(ImDrawList* dl, Icon icon, ImVec2 o, float s, ImU32 c, ImU32 c2) {
    auto P = [&](float x, float y) { return ImVec2(o.x + x * s, o.y + y * s); };
    const float t = std::max(2.0f, s * 0.06f); // stroke
    switch (icon) {
    case Icon::PublicServices: {
        dl->AddTriangleFilled(P(0.1f, 0.32f), P(0.5f, 0.08f), P(0.9f, 0.32f), c);
        dl->AddRectFilled(P(0.12f, 0.34f), P(0.88f, 0.4f), c);
        for (int i = 0; i < 4; ++i) {
            float x = 0.2f + static_cast<float>(i) * 0.2f;
            dl->AddRectFilled(P(x - 0.045f, 0.44f), P(x + 0.045f, 0.78f), c);
        }
        dl->AddRectFilled(P(0.08f, 0.82f), P(0.92f, 0.9f), c);
        dl->AddCircleFilled(P(0.5f, 0.24f), s * 0.045f, c2);
        break;
    }
    case Icon::Shopping: {
        dl->AddRectFilled(P(0.18f, 0.34f), P(0.82f, 0.9f), c, s * 0.06f);
        dl->AddBezierCubic(P(0.34f, 0.42f), P(0.34f, 0.08f), P(0.66f, 0.08f), P(0.66f, 0.42f), c,
                           t);
        dl->AddCircleFilled(P(0.34f, 0.44f), s * 0.04f, c2);
        dl->AddCircleFilled(P(0.66f, 0.44f), s * 0.04f, c2);
        break;
    }
    case Icon::Payment: {
        dl->AddRect(P(0.28f, 0.06f), P(0.72f, 0.94f), c, s * 0.07f, 0, t);
        dl->AddRectFilled(P(0.44f, 0.84f), P(0.56f, 0.87f), c);
        // a small QR-like square: three finder squares and a few modules
        float q = 0.09f;
        for (auto [x, y] : {std::pair{0.36f, 0.22f}, {0.55f, 0.22f}, {0.36f, 0.41f}}) {
            dl->AddRectFilled(P(x, y), P(x + q, y + q), c2);
        }
        dl->AddRectFilled(P(0.55f, 0.41f), P(0.59f, 0.45f), c2);
        dl->AddRectFilled(P(0.6f, 0.46f), P(0.64f, 0.5f), c2);
        dl->AddRectFilled(P(0.36f, 0.62f), P(0.64f, 0.68f), c);
        break;
    }
    case Icon::Protect: {
        ImVec2 pts[] = {P(0.5f, 0.06f), P(0.86f, 0.2f),  P(0.82f, 0.56f),
                        P(0.5f, 0.94f), P(0.18f, 0.56f), P(0.14f, 0.2f)};
        dl->AddConvexPolyFilled(pts, 6, c);
        dl->AddPolyline(std::array{P(0.32f, 0.5f), P(0.45f, 0.64f), P(0.7f, 0.36f)}.data(), 3, c2,
                        0, t * 1.4f);
        break;
    }
    case Icon::Platforms: {
        dl->AddRectFilled(P(0.06f, 0.12f), P(0.64f, 0.56f), c, s * 0.1f);
        dl->AddTriangleFilled(P(0.16f, 0.54f), P(0.32f, 0.54f), P(0.14f, 0.7f), c);
        dl->AddRectFilled(P(0.38f, 0.44f), P(0.94f, 0.84f), c2, s * 0.1f);
        dl->AddTriangleFilled(P(0.7f, 0.82f), P(0.86f, 0.82f), P(0.88f, 0.96f), c2);
        for (int i = 0; i < 3; ++i) {
            dl->AddCircleFilled(P(0.2f + 0.15f * static_cast<float>(i), 0.34f), s * 0.035f, c2);
        }
        break;
    }
    case Icon::Portals: {
        ImVec2 m = P(0.5f, 0.5f);
        float r = s * 0.4f;
        dl->AddCircle(m, r, c, 48, t);
        dl->AddLine(P(0.1f, 0.5f), P(0.9f, 0.5f), c, t);
        dl->AddLine(P(0.5f, 0.1f), P(0.5f, 0.9f), c, t);
        dl->AddBezierCubic(P(0.5f, 0.1f), P(0.22f, 0.3f), P(0.22f, 0.7f), P(0.5f, 0.9f), c, t);
        dl->AddBezierCubic(P(0.5f, 0.1f), P(0.78f, 0.3f), P(0.78f, 0.7f), P(0.5f, 0.9f), c, t);
        dl->AddLine(P(0.18f, 0.3f), P(0.82f, 0.3f), c, t * 0.8f);
        dl->AddLine(P(0.18f, 0.7f), P(0.82f, 0.7f), c, t * 0.8f);
        break;
    }
    case Icon::Help: {
        dl->AddCircleFilled(P(0.42f, 0.26f), s * 0.14f, c);
        dl->AddRectFilled(P(0.2f, 0.46f), P(0.64f, 0.94f), c, s * 0.16f,
                          ImDrawFlags_RoundCornersTop);
        dl->AddLine(P(0.62f, 0.52f), P(0.86f, 0.22f), c2, t * 1.6f);
        dl->AddCircleFilled(P(0.87f, 0.19f), s * 0.07f, c2);
        break;
    }
    case Icon::Home: {
        dl->AddTriangleFilled(P(0.08f, 0.48f), P(0.5f, 0.1f), P(0.92f, 0.48f), c);
        dl->AddRectFilled(P(0.2f, 0.46f), P(0.8f, 0.9f), c);
        dl->AddRectFilled(P(0.42f, 0.62f), P(0.58f, 0.9f), c2);
        break;
    }
    case Icon::Touch: {
        dl->AddRectFilled(P(0.38f, 0.1f), P(0.58f, 0.6f), c, s * 0.1f);
        dl->AddRectFilled(P(0.3f, 0.46f), P(0.78f, 0.92f), c, s * 0.16f);
        break;
    }
    case Icon::PhoneCamera: {
        dl->AddRect(P(0.26f, 0.04f), P(0.74f, 0.96f), c, s * 0.07f, 0, t);
        dl->AddCircle(P(0.5f, 0.42f), s * 0.14f, c, 32, t);
        dl->AddCircleFilled(P(0.5f, 0.42f), s * 0.06f, c2);
        dl->AddCircleFilled(P(0.5f, 0.82f), s * 0.05f, c);
        break;
    }
    case Icon::ScanQr: {
        // a QR square on the left, a phone aimed at it on the right
        float q = 0.1f;
        dl->AddRect(P(0.04f, 0.3f), P(0.44f, 0.7f), c, 0, 0, t);
        for (auto [x, y] : {std::pair{0.09f, 0.35f}, {0.29f, 0.35f}, {0.09f, 0.55f}}) {
            dl->AddRectFilled(P(x, y), P(x + q, y + q), c);
        }
        dl->AddRect(P(0.58f, 0.1f), P(0.94f, 0.9f), c, s * 0.06f, 0, t);
        dl->AddLine(P(0.46f, 0.5f), P(0.58f, 0.5f), c2, t);
        dl->AddTriangleFilled(P(0.44f, 0.5f), P(0.5f, 0.45f), P(0.5f, 0.55f), c2);
        break;
    }
    case Icon::TapLink: {
        dl->AddRect(P(0.2f, 0.04f), P(0.8f, 0.96f), c, s * 0.07f, 0, t);
        dl->AddRectFilled(P(0.3f, 0.3f), P(0.7f, 0.4f), c2, s * 0.02f);
        dl->AddLine(P(0.3f, 0.44f), P(0.7f, 0.44f), c2, t * 0.6f);
        dl->AddRectFilled(P(0.44f, 0.36f), P(0.56f, 0.78f), c, s * 0.06f);
        dl->AddRectFilled(P(0.38f, 0.62f), P(0.7f, 0.94f), c, s * 0.1f);
        break;
    }
    case Icon::ArrowUp:
    case Icon::ArrowDown:
    case Icon::ArrowLeft:
    case Icon::ArrowRight: {
        // one triangle turned to point its way: `across` the arrow, `along` it from where it points
        const bool vertical = icon == Icon::ArrowUp || icon == Icon::ArrowDown;
        const bool towardZero = icon == Icon::ArrowUp || icon == Icon::ArrowLeft;
        auto at = [&](float across, float along) {
            const float a = towardZero ? along : 1.0f - along;
            return vertical ? P(across, a) : P(a, across);
        };
        dl->AddTriangleFilled(at(0.1f, 0.75f), at(0.9f, 0.75f), at(0.5f, 0.2f), c);
        break;
    }
    case Icon::Clock: {
        ImVec2 m = P(0.5f, 0.5f);
        dl->AddCircle(m, s * 0.42f, c, 48, t);
        dl->AddLine(m, P(0.5f, 0.2f), c, t);
        dl->AddLine(m, P(0.72f, 0.56f), c, t);
        break;
    }
    }
}

} // namespace tramso::ui
