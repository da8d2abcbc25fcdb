// The staff half of the coordinator: where the keypad, sign-in, logout, guided sessions, the
// settings form, the export and safe mode take the kiosk. The rules themselves live in
// StaffSession, GuidedSessions, SettingsEditor and SafeMode.
#include "kiosk.hpp"

namespace tramso {

Route Kiosk::restingRoute() const {
    if (m_staff.signedIn()) {
        return Route{ScreenId::StaffHome};
    }
    return m_safe.active() ? Route{ScreenId::Safe} : Route{ScreenId::Attract};
}

void Kiosk::setSafeMode(std::string lastError, std::function<void()> onLeave, Seconds retryAfter,
                        std::function<void()> onRetry) {
    m_safe.enter(std::move(lastError), m_clock.now(), retryAfter, std::move(onLeave),
                 std::move(onRetry));
    if (!m_staff.signedIn()) {
        m_nav.reset(Route{ScreenId::Safe});
    }
}

void Kiosk::openLogin(std::optional<Route> after) {
    m_staff.openKeypad(std::move(after));
    if (m_nav.current().screen != ScreenId::StaffLogin) {
        m_nav.push(Route{ScreenId::StaffLogin});
    }
}

void Kiosk::openStaffRoute(const Route& r) {
    if (r.screen == ScreenId::StaffLogin) {
        if (m_staff.signedIn()) {
            m_nav.reset(Route{ScreenId::StaffHome});
        } else {
            openLogin(std::nullopt);
        }
        return;
    }
    if (!m_staff.signedIn()) {
        openLogin(r);
        return;
    }
    if (!m_staff.mayOpen(r.screen)) {
        return; // the team screen does not offer it; a stale link does nothing
    }
    if (r.screen == ScreenId::StaffHome) {
        m_nav.reset(r);
        return;
    }
    if (r.screen == ScreenId::Settings) {
        m_form.open(m_config);
    }
    if (r.screen == ScreenId::Packs) {
        m_packChoice.reset();
        if (m_packs) {
            m_packs->rescan();
        }
    }
    if (m_guided.session()) { // leaving a guided session for a staff screen ends it
        endVisit("staff");
    }
    if (screenInfo(r.screen).parameter == RouteParameter::QuizId) {
        openQuiz(r);
        return;
    }
    m_nav.push(r);
}

void Kiosk::signIn(StaffMember m) {
    if (m_visit.active()) {
        endVisit("staff"); // a resident's visit ends when a team member takes over
    }
    std::optional<Route> after = m_staff.signIn(std::move(m), m_clock.now());
    m_visit.resetSettings();
    m_guided.resetChoice();
    m_nav.reset(Route{ScreenId::StaffHome});
    if (after && after->screen != ScreenId::StaffHome) {
        if (!m_staff.mayOpen(after->screen)) {
            m_staff.setNotice(LoginNotice::NeedsTechnician);
        } else {
            openStaffRoute(*after);
        }
    }
}

void Kiosk::logout() {
    if (!m_staff.signedIn()) {
        return;
    }
    if (m_guided.session()) {
        endVisit("staff");
    }
    m_staff.signOut();
    m_guided.resetChoice();
    m_form.reset();
    m_visit.resetSettings();
    m_nav.reset(restingRoute());
}

void Kiosk::staffTick() {
    const bool onKeypad = m_nav.current().screen == ScreenId::StaffLogin;
    if (std::optional<StaffMember> m = m_staff.poll()) {
        if (onKeypad) { // a keypad left while its PIN was checked signs nobody in
            signIn(std::move(*m));
            return;
        }
    }
    switch (m_staff.tick(m_clock.now(), onKeypad)) {
    case StaffSession::Tick::None:
        break;
    case StaffSession::Tick::LogOut:
        logout();
        break;
    case StaffSession::Tick::LeaveKeypad:
        if (m_visit.active()) {
            endVisit("timeout");
        } else {
            m_nav.reset(restingRoute());
        }
        break;
    }
}

void Kiosk::on(const intent::OpenStaffLogin&) {
    const ScreenId here = m_nav.current().screen;
    if (here == ScreenId::Attract || here == ScreenId::Home || here == ScreenId::Safe) {
        openLogin(std::nullopt);
    }
}

void Kiosk::on(const intent::PinDigit& x) {
    if (m_nav.current().screen != ScreenId::StaffLogin) {
        return;
    }
    m_staff.digit(x.digit); // a sixth digit starts the check; tick() signs in
}

void Kiosk::on(const intent::PinErase&) {
    m_staff.erase();
}

void Kiosk::on(const intent::Logout&) {
    logout();
}

void Kiosk::on(const intent::LaunchSelect& x) {
    m_guided.select(x.id, x.plan);
}

void Kiosk::on(const intent::LaunchGroup& x) {
    m_guided.setGroup(x.size);
}

void Kiosk::on(const intent::LaunchPresenter& x) {
    m_guided.setPresenter(x.on);
}

void Kiosk::on(const intent::LaunchStart&) {
    if (!m_staff.signedIn() || !m_tutorials || !m_guided.start(*m_tutorials, m_plans)) {
        return;
    }
    m_guidedContent = m_content; // the whole session plays from this content
    m_visit.resetSettings();
    if (m_guided.session()->presenter) {
        m_visit.settings().textSize = TextSize::Large;
    }
    m_visit.begin();
    m_nav.reset(Route{ScreenId::Home});
    openTutorial(Route{ScreenId::Tutorial, 0, m_guided.session()->lessons.front()});
    m_visit.touch();
}

void Kiosk::on(const intent::NextLesson&) {
    nextLesson();
}

void Kiosk::nextLesson() {
    if (!m_guided.session()) {
        return;
    }
    const std::string* next = m_guided.advance();
    if (!next) {
        endGuided();
        return;
    }
    const VisitSettings keep = m_visit.settings();
    const std::string lesson = *next;
    m_nav.reset(Route{ScreenId::Home});
    syncPlayer();
    openTutorial(Route{ScreenId::Tutorial, 0, lesson});
    m_visit.settings() = keep;
}

void Kiosk::on(const intent::EndGuided&) {
    endGuided();
}

void Kiosk::endGuided() {
    if (m_guided.session()) {
        endVisit("staff"); // back to the team screen (staff are still in)
    }
}

void Kiosk::on(const intent::EditSetting& x) {
    m_form.edit(x.field, x.value);
}

void Kiosk::on(const intent::SaveSettings&) {
    saveSettings();
}

void Kiosk::saveSettings() {
    if (!m_staff.isTechnician()) {
        return;
    }
    std::optional<Config> c = m_form.save(m_saver);
    if (!c) {
        return;
    }
    // Applied at once; the paths and content rules stay as the kiosk started with (the help
    // screen shows the new way to reach the team).
    for (const char* key :
         {"site_name", "kiosk_id", "default_language", "default_text_size", "idle_seconds",
          "warning_seconds", "mm_per_px", "team_phone", "team_zalo"}) {
        copyEditableKey(key, *c, m_config);
    }
    m_visit.restartIdleTimer();
    m_form.saved(m_config);
}

void Kiosk::on(const intent::StartExport& x) {
    if (!m_export || !m_staff.isTechnician() ||
        m_export->status().state == ExportStatus::State::Running) {
        return;
    }
    // only a stick the screen listed: never a path from anywhere else
    for (const UsbStick& s : m_export->sticks()) {
        if (s.mount == x.mount && !s.readOnly) {
            m_export->start(s.mount);
        }
    }
}

void Kiosk::on(const intent::CancelExport&) {
    if (m_export) {
        m_export->cancel();
    }
}

bool Kiosk::packBusy() const {
    const PackStatus::State s = m_packs->status().state;
    return s == PackStatus::State::Installing || s == PackStatus::State::RollingBack;
}

void Kiosk::on(const intent::ChoosePack& x) {
    if (!m_packs || !m_staff.isTechnician() || packBusy()) {
        return;
    }
    // only a pack the screen listed, and one that can be installed
    for (const PackStickView& s : m_packs->sticks()) {
        for (const StickPack& p : s.packs) {
            if (s.mount == x.mount && p.file == x.file && p.problem.empty() && p.manifest) {
                m_packChoice = PackChoice{x.mount, x.file};
            }
        }
    }
}

void Kiosk::on(const intent::ConfirmPack& x) {
    if (!m_packs || !m_staff.isTechnician() || !m_packChoice || packBusy()) {
        return;
    }
    m_packs->install(m_packChoice->mount, m_packChoice->file, x.allowDowngrade);
    m_packChoice.reset();
}

void Kiosk::on(const intent::CancelPack&) {
    m_packChoice.reset();
}

void Kiosk::on(const intent::RollbackContent&) {
    if (m_packs && m_staff.isTechnician() && !packBusy() && m_packs->installed().previousKept) {
        m_packChoice.reset();
        m_packs->rollback();
    }
}

void Kiosk::on(const intent::LeaveSafeMode&) {
    if (m_safe.active() && m_staff.isTechnician()) {
        m_safe.leave();
    }
}

} // namespace tramso
