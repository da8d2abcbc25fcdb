// The finger-to-mouse translation described in touch.hpp.
#include "touch.hpp"

#include <cmath>

namespace tramso::ui {
namespace {
const ImVec2 kOffScreen{-FLT_MAX, -FLT_MAX};
constexpr double kVelocityWindow = 0.1; // seconds of movement used for the fling speed
} // namespace

void TouchAdapter::move(ImVec2 p, double t) {
    if (m_down) {
        if (!m_swiping) {
            float dx = p.x - m_start.x;
            float dy = p.y - m_start.y;
            if (std::sqrt(dx * dx + dy * dy) > m_threshold) {
                m_swiping = true;
                // the swipe takes over from the start: scroll by the whole movement
                m_delta.x += dx;
                m_delta.y += dy;
            }
        } else {
            m_delta.x += p.x - m_pos.x;
            m_delta.y += p.y - m_pos.y;
        }
        m_samples.push_back({p, t});
        while (m_samples.size() > 2 && t - m_samples.front().t > kVelocityWindow) {
            m_samples.pop_front();
        }
    }
    m_pos = p;
}

void TouchAdapter::beginFrame(ImGuiIO& io) {
    m_delta = {};
    m_flung = false;
    m_tapReleased = false;
    if (m_leaveNextFrame) {
        m_pos = kOffScreen;
        m_leaveNextFrame = false;
    }
    // Moves coalesce; stop after one press or release so ImGui sees each one.
    while (!m_queue.empty()) {
        Event e = m_queue.front();
        m_queue.pop_front();
        if (e.kind == Ev::Move) {
            move(e.pos, e.t);
            continue;
        }
        if (e.kind == Ev::Down) {
            if (m_down) {
                continue;
            }
            m_down = true;
            m_swiping = false;
            m_start = e.pos;
            m_downAt = e.t;
            m_pos = e.pos;
            m_samples.clear();
            m_samples.push_back({e.pos, e.t});
        } else { // Up
            if (!m_down) {
                continue;
            }
            move(e.pos, e.t);
            m_down = false;
            if (m_swiping) {
                const Sample& a = m_samples.front();
                double dt = e.t - a.t;
                m_flung = true;
                m_flingVelocity = dt > 1e-3 ? ImVec2(static_cast<float>((e.pos.x - a.pos.x) / dt),
                                                     static_cast<float>((e.pos.y - a.pos.y) / dt))
                                            : ImVec2(0, 0);
                m_pos = kOffScreen;
            } else {
                m_tapReleased = true;
                m_leaveNextFrame = true; // release here, then leave
            }
        }
        break;
    }
    // A swipe is not a press: ImGui sees the finger lifted and far away, so the button it
    // started on does not fire.
    bool pressed = m_down && !m_swiping;
    io.MouseDown[0] = pressed;
    io.MousePos = (m_down && m_swiping) ? kOffScreen : m_pos;
}

} // namespace tramso::ui
