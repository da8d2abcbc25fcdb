// Makes a finger behave like a finger in ImGui 1.86, which only knows mice: one press or
// release reaches ImGui per frame (so a quick tap is never lost), a finger that moves more
// than a few mm becomes a swipe that scrolls instead of pressing, and after the finger lifts
// the pointer leaves the screen so nothing stays "hovered".
#pragma once
#include <imgui.h>

#include <deque>

namespace tramso::ui {

class TouchAdapter {
  public:
    void setSwipeThreshold(float px) { m_threshold = px; }

    void pointerDown(ImVec2 p, double t) { m_queue.push_back({Ev::Down, p, t}); }
    void pointerMove(ImVec2 p, double t) { m_queue.push_back({Ev::Move, p, t}); }
    void pointerUp(ImVec2 p, double t) { m_queue.push_back({Ev::Up, p, t}); }

    // Applies queued events to `io` for this frame.
    void beginFrame(ImGuiIO& io);

    bool fingerDown() const { return m_down; }
    bool swiping() const { return m_down && m_swiping; }
    bool pending() const { return !m_queue.empty(); }
    ImVec2 pressStart() const { return m_start; }
    // When the finger went down (the clock of pointerDown), for press-and-hold.
    double downAt() const { return m_downAt; }
    // Swipe movement since the last frame (consumed by the scroll area under pressStart).
    ImVec2 swipeDelta() const { return m_delta; }
    // Set for one frame when a swipe ends: the finger's speed in px/s, for inertia.
    bool flung() const { return m_flung; }
    ImVec2 flingVelocity() const { return m_flingVelocity; }
    // True for the frame in which a tap (not a swipe) was released.
    bool tapReleased() const { return m_tapReleased; }

  private:
    enum class Ev { Down, Move, Up };
    struct Event {
        Ev kind;
        ImVec2 pos;
        double t;
    };
    struct Sample {
        ImVec2 pos;
        double t;
    };

    void move(ImVec2 p, double t);

    std::deque<Event> m_queue;
    std::deque<Sample> m_samples;
    float m_threshold = 16.0f;
    bool m_down = false;
    bool m_swiping = false;
    bool m_leaveNextFrame = false;
    bool m_flung = false;
    bool m_tapReleased = false;
    ImVec2 m_start{};
    double m_downAt = 0;
    ImVec2 m_pos{-1e6f, -1e6f};
    ImVec2 m_delta{};
    ImVec2 m_flingVelocity{};
};

} // namespace tramso::ui
