// The launch choice and the guided session's lessons.
#include "guided.hpp"

#include <algorithm>

namespace tramso {

void GuidedSessions::select(std::string id, bool plan) {
    m_choice.id = std::move(id);
    m_choice.plan = plan;
}

void GuidedSessions::setGroup(int size) {
    m_choice.groupSize = std::clamp(size, 1, kMaxGroupSize);
    if (m_choice.groupSize == 1) {
        m_choice.presenter = false;
    }
}

void GuidedSessions::setPresenter(bool on) {
    m_choice.presenter = on && m_choice.groupSize > 1;
}

bool GuidedSessions::start(const TutorialSet& tutorials, const PlanSet* plans) {
    if (m_choice.id.empty()) {
        return false;
    }
    GuidedSession g;
    if (m_choice.plan) {
        const Plan* p = plans ? plans->find(m_choice.id) : nullptr;
        if (!p) {
            return false;
        }
        g.planId = p->id;
        g.lessons = p->tutorials;
    } else if (tutorials.find(m_choice.id)) {
        g.lessons = {m_choice.id};
    }
    if (g.lessons.empty()) {
        return false;
    }
    g.groupSize = std::clamp(m_choice.groupSize, 1, kMaxGroupSize);
    g.presenter = m_choice.presenter;
    m_session = std::move(g);
    return true;
}

const std::string* GuidedSessions::advance() {
    if (!m_session || ++m_session->index >= m_session->lessons.size()) {
        return nullptr;
    }
    return &m_session->lessons[m_session->index];
}

} // namespace tramso
