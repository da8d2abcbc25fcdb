// Each command is a small state machine over frames; labels and texts get a few frames to
// appear because layout can settle over two frames.
#include "script_runner.hpp"

namespace tramso::ui {
namespace {
constexpr int kMaxRetries = 30;         // frames to wait for a label or text before failing,
constexpr double kMaxWaitSeconds = 5;   // and at least this long: a busy machine draws slowly
constexpr double kHoldSeconds = 3.5;    // longer than the staff gesture's 3 s
constexpr double kFramePace = 1 / 60.0; // a display's refresh, while holding or waiting
} // namespace

ScriptRunner::ScriptRunner(Script script, UiApp& app, const Clock& clock)
    : m_script(std::move(script)), m_app(app), m_clock(clock) {}

const ScriptCommand* ScriptRunner::current() const {
    return m_index < m_script.commands.size() ? &m_script.commands[m_index] : nullptr;
}

ScriptRunner::Status ScriptRunner::fail(const std::string& message) {
    const ScriptCommand* c = current();
    m_error = m_script.file + ":" + std::to_string(c ? c->line : 0) + ": " + message;
    return Status::Failed;
}

void ScriptRunner::beforeFrame() {
    const ScriptCommand* c = current();
    if (c && c->kind == ScriptCommand::Kind::Swipe && m_phase >= 1) {
        // down, ten moves, up: a finger dragging the page
        if (m_phase == 1) {
            m_app.pointerDown(m_tapAt);
        } else if (m_phase <= 11) {
            m_app.pointerMove(ImVec2(m_tapAt.x, m_tapAt.y + c->ms * (m_phase - 1) / 10.0f));
        } else if (m_phase == 12) {
            m_app.pointerUp(ImVec2(m_tapAt.x, m_tapAt.y + static_cast<float>(c->ms)));
        }
        return;
    }
    if (!c || (c->kind != ScriptCommand::Kind::Tap && c->kind != ScriptCommand::Kind::Hold)) {
        return;
    }
    if (m_phase == 1) {
        m_app.pointerDown(m_tapAt); // repeated while holding: ignored by a finger already down
    } else if (m_phase == 2) {
        m_app.pointerUp(m_tapAt);
    }
}

double ScriptRunner::secondsUntilNextFrame() const {
    const ScriptCommand* c = current();
    if (c && c->kind == ScriptCommand::Kind::Wait && m_phase == 1) {
        return std::max(0.0, m_until - m_clock.now());
    }
    // Holding a finger down, or waiting for a label, a text or the workers: frames at a
    // display's pace, as a person's screen shows them (a worker that finishes wakes the loop
    // at once). Unpaced, a window without vsync (Xvfb) drew thousands of frames a second,
    // a core busy for the whole hold or wait.
    const bool holding = c && c->kind == ScriptCommand::Kind::Hold && m_phase == 1;
    if (holding || m_retries > 0) {
        return kFramePace;
    }
    return 0;
}

bool ScriptRunner::waitForWorkers() {
    // As a person looks once the pictures and the figures are there: while a worker decodes
    // or counts (at most kMaxWaitSeconds), then one more frame drawn with what it delivered.
    if (m_app.loadingImages() || m_app.loadingData()) {
        if (m_retries++ == 0) {
            m_waitingSince = m_clock.now();
        }
        if (m_clock.now() - m_waitingSince < kMaxWaitSeconds) {
            m_phase = 1;
            return true;
        }
    }
    if (m_phase == 1) {
        m_phase = 2;
        return true;
    }
    return false;
}

ScriptRunner::Status ScriptRunner::afterFrame(Capture& capture) {
    capture = {};
    const ScriptCommand* c = current();
    if (!c) { // the end, as at a quit: --dump-ui shows what the screen was waiting for
        return waitForWorkers() ? Status::Running : Status::Done;
    }
    auto next = [&] {
        ++m_index;
        m_phase = 0;
        m_retries = 0;
    };
    // Waiting for a label or text: a PIN being checked or a page being built may take a
    // few frames, or on a loaded machine a few seconds.
    auto keepWaiting = [&] {
        if (m_retries++ == 0) {
            m_waitingSince = m_clock.now();
        }
        return m_retries < kMaxRetries || m_clock.now() - m_waitingSince < kMaxWaitSeconds;
    };
    switch (c->kind) {
    case ScriptCommand::Kind::Swipe:
        if (m_phase == 0) {
            const TappableItem* it = m_app.registry().find(c->arg);
            if (!it) {
                if (keepWaiting()) {
                    return Status::Running;
                }
                return fail("nothing labelled \"" + c->arg + "\" to swipe on screen " +
                            m_app.screenName());
            }
            m_tapAt = it->tapPoint();
            m_phase = 1;
        } else if (m_phase < 14) {
            ++m_phase;
        } else {
            next();
        }
        return Status::Running;
    case ScriptCommand::Kind::Tap:
    case ScriptCommand::Kind::Hold:
        if (m_phase == 0) {
            const TappableItem* it = m_app.registry().find(c->arg);
            if (!it) {
                if (keepWaiting()) {
                    return Status::Running;
                }
                std::string seen;
                bool hidden = false;
                for (const auto& i : m_app.registry().items()) {
                    if (!i.visible()) {
                        hidden |= i.label == c->arg;
                        continue;
                    }
                    seen += (seen.empty() ? "" : ", ") + ("\"" + i.label + "\"");
                }
                if (hidden) {
                    return fail("\"" + c->arg + "\" is on screen " + m_app.screenName() +
                                " but scrolled out of view; tap the Up or Down button first");
                }
                return fail("nothing labelled \"" + c->arg + "\" to tap on screen " +
                            m_app.screenName() + " (labels: " + seen + ")");
            }
            m_tapAt = it->tapPoint();
            m_phase = 1;
            m_until = m_clock.now() + (c->kind == ScriptCommand::Kind::Hold ? kHoldSeconds : 0.0);
        } else if (m_phase == 1 && m_clock.now() < m_until) {
            return Status::Running; // still holding
        } else if (m_phase < 4) {
            ++m_phase; // 1: pressed, 2: released, 3: settled
        } else {
            next();
        }
        return Status::Running;
    case ScriptCommand::Kind::Open: {
        RouteParse r = parseRoute(c->arg);
        if (!r.route) {
            return fail(r.error);
        }
        if (std::string why; !m_app.knows(*r.route, &why)) {
            return fail(why);
        }
        if (m_phase == 0) {
            m_app.open(*r.route);
            m_phase = 1;
        } else if (++m_phase > 2) {
            next();
        }
        return Status::Running;
    }
    case ScriptCommand::Kind::Wait:
        if (m_phase == 0) {
            m_until = m_clock.now() + c->ms / 1000.0;
            m_phase = 1;
        } else if (m_clock.now() >= m_until) {
            next();
        }
        return Status::Running;
    case ScriptCommand::Kind::Screenshot:
    case ScriptCommand::Kind::Dump:
        if (waitForWorkers()) {
            return Status::Running;
        }
        (c->kind == ScriptCommand::Kind::Screenshot ? capture.screenshot : capture.dump) = c->arg;
        next();
        return Status::Running;
    case ScriptCommand::Kind::Expect:
        if (m_app.registry().showsText(c->arg)) {
            next();
            return Status::Running;
        }
        if (keepWaiting()) {
            return Status::Running;
        }
        return fail("expected to see \"" + c->arg + "\" on screen " + m_app.screenName() +
                    ", but it is not there");
    case ScriptCommand::Kind::Quit:
        if (waitForWorkers()) {
            return Status::Running; // --dump-ui shows what the screen was waiting for
        }
        m_index = m_script.commands.size();
        return Status::Done;
    }
    return Status::Running;
}

} // namespace tramso::ui
