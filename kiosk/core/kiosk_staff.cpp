// The staff half of the kiosk: the keypad and its lock, roles, the 5-minute logout, guided
// sessions (one lesson or a plan, for one resident or a group) and the settings form.
#include "kiosk.hpp"
#include "pin.hpp"

#include <algorithm>
#include <chrono>

namespace tramso {

int64_t Kiosk::wallNow() const {
    if (m_wall) {
        return m_wall();
    }
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

Route Kiosk::restingRoute() const {
    if (m_staff) {
        return Route{ScreenId::StaffHome};
    }
    return m_safe ? Route{ScreenId::Safe} : Route{ScreenId::Attract};
}

void Kiosk::setSafeMode(std::string lastError, std::function<void()> onLeave) {
    m_safe = true;
    m_safeError = std::move(lastError);
    m_onLeaveSafe = std::move(onLeave);
    if (!m_staff) {
        m_nav.reset(Route{ScreenId::Safe});
    }
}

void Kiosk::openLogin(std::optional<Route> after) {
    m_pin.clear();
    m_loginNotice = LoginNotice::None;
    m_afterLogin = std::move(after);
    m_noStaff = false;
    try {
        m_noStaff = m_staffDir && !m_staffDir->hasStaff();
        if (m_noStaff) {
            m_loginNotice = LoginNotice::NoStaff;
        } else if (m_staffDir) {
            PinLock l = m_staffDir->lock();
            if (isLocked(l, wallNow())) {
                m_loginNotice = LoginNotice::Locked;
                m_lockedUntil = l.lockedUntil;
            }
        } else {
            m_loginNotice = LoginNotice::Unavailable;
        }
    } catch (const std::exception&) {
        m_loginNotice = LoginNotice::Unavailable;
    }
    if (m_nav.current().screen != ScreenId::StaffLogin) {
        m_nav.push(Route{ScreenId::StaffLogin});
    }
}

void Kiosk::openStaffRoute(const Route& r) {
    if (r.screen == ScreenId::StaffLogin) {
        if (m_staff) {
            m_nav.reset(Route{ScreenId::StaffHome});
        } else {
            openLogin(std::nullopt);
        }
        return;
    }
    if (!m_staff) {
        openLogin(r);
        return;
    }
    if (needsTechnician(r.screen) && !allows(m_staff->role, Role::Technician)) {
        return; // the team screen does not offer it; a stale link does nothing
    }
    if (r.screen == ScreenId::StaffHome) {
        m_nav.reset(r);
        return;
    }
    if (r.screen == ScreenId::Settings) {
        m_form = SettingsForm{editOf(m_config), {}, false};
    }
    if (m_guided) { // leaving a guided session for a staff screen ends it
        endVisit("staff");
    }
    m_nav.push(r);
}

void Kiosk::submitPin() {
    const std::string pin = m_pin;
    m_pin.clear();
    if (!m_staffDir) {
        m_loginNotice = LoginNotice::Unavailable;
        return;
    }
    PinCheck r = m_staffDir->check(pin, wallNow());
    switch (r.result) {
    case PinCheck::Result::Ok:
        break;
    case PinCheck::Result::Wrong:
        m_loginNotice = LoginNotice::Wrong;
        m_triesLeft = r.triesLeft;
        return;
    case PinCheck::Result::Locked:
        m_loginNotice = LoginNotice::Locked;
        m_lockedUntil = r.lockedUntil;
        return;
    case PinCheck::Result::NoStaff:
        m_loginNotice = LoginNotice::NoStaff;
        m_noStaff = true;
        return;
    case PinCheck::Result::Unavailable:
        m_loginNotice = LoginNotice::Unavailable;
        return;
    }
    if (m_inVisit) {
        endVisit("staff"); // a resident's visit ends when a team member takes over
    }
    m_staff = r.member;
    m_staffTouch = m_clock.now();
    m_settings = defaultSettings();
    m_loginNotice = LoginNotice::None;
    m_launch = LaunchChoice{};
    m_nav.reset(Route{ScreenId::StaffHome});
    if (m_afterLogin && m_afterLogin->screen != ScreenId::StaffHome) {
        if (needsTechnician(m_afterLogin->screen) && !allows(m_staff->role, Role::Technician)) {
            m_loginNotice = LoginNotice::NeedsTechnician;
        } else {
            openStaffRoute(*m_afterLogin);
        }
    }
    m_afterLogin.reset();
}

void Kiosk::logout() {
    if (!m_staff) {
        return;
    }
    if (m_guided) {
        endVisit("staff");
    }
    m_staff.reset();
    m_launch = LaunchChoice{};
    m_form = SettingsForm{};
    m_settings = defaultSettings();
    m_nav.reset(restingRoute());
}

void Kiosk::startGuided() {
    if (!m_staff || !m_tutorials || m_launch.id.empty()) {
        return;
    }
    GuidedSession g;
    if (m_launch.plan) {
        const Plan* p = m_plans ? m_plans->find(m_launch.id) : nullptr;
        if (!p) {
            return;
        }
        g.planId = p->id;
        g.lessons = p->tutorials;
    } else if (m_tutorials->find(m_launch.id)) {
        g.lessons = {m_launch.id};
    }
    if (g.lessons.empty()) {
        return;
    }
    g.groupSize = std::clamp(m_launch.groupSize, 1, kMaxGroupSize);
    g.presenter = m_launch.presenter;
    m_settings = defaultSettings();
    if (g.presenter) {
        m_settings.textSize = TextSize::Large;
    }
    m_guided = std::move(g);
    m_inVisit = true;
    record(EventType::SessionStarted);
    m_nav.reset(Route{ScreenId::Home});
    openTutorial(Route{ScreenId::Tutorial, 0, m_guided->lessons.front()});
    m_idle.touch(m_clock.now());
}

void Kiosk::nextLesson() {
    if (!m_guided) {
        return;
    }
    if (++m_guided->index >= m_guided->lessons.size()) {
        endGuided();
        return;
    }
    const VisitSettings keep = m_settings;
    m_nav.reset(Route{ScreenId::Home});
    syncPlayer();
    openTutorial(Route{ScreenId::Tutorial, 0, m_guided->lessons[m_guided->index]});
    m_settings = keep;
}

void Kiosk::endGuided() {
    if (m_guided) {
        endVisit("staff"); // back to the team screen (staff are still in)
    }
}

void Kiosk::saveSettings() {
    if (!m_staff || m_staff->role != Role::Technician) {
        return;
    }
    m_form.saved = false;
    m_form.errors.clear();
    if (!m_saver) {
        m_form.errors["file"] = "settings cannot be saved on this kiosk";
        return;
    }
    std::string ioError;
    ConfigEditResult r = m_saver(m_form.edit, ioError);
    m_form.errors = r.errors;
    if (!ioError.empty()) {
        m_form.errors["file"] = ioError;
    }
    if (!m_form.errors.empty() || !r.config) {
        return;
    }
    // Applied at once; the paths and content rules stay as the kiosk started with.
    m_config.siteName = r.config->siteName;
    m_config.kioskId = r.config->kioskId;
    m_config.defaultLanguage = r.config->defaultLanguage;
    m_config.defaultTextSize = r.config->defaultTextSize;
    m_config.idleSeconds = r.config->idleSeconds;
    m_config.warningSeconds = r.config->warningSeconds;
    m_config.mmPerPx = r.config->mmPerPx;
    m_idle = IdleTimer(m_config.idleSeconds, m_config.warningSeconds);
    m_idle.touch(m_clock.now());
    m_form.edit = editOf(m_config);
    m_form.saved = true;
}

void Kiosk::staffTick() {
    const Seconds now = m_clock.now();
    if (m_staff && now - m_staffTouch >= kStaffIdleSeconds) {
        logout();
        return;
    }
    if (m_nav.current().screen == ScreenId::StaffLogin) {
        if (now - m_staffTouch >= kKeypadIdleSeconds) {
            m_pin.clear();
            m_afterLogin.reset();
            if (m_inVisit) {
                endVisit("timeout");
            } else {
                m_nav.reset(restingRoute());
            }
        } else if (m_loginNotice == LoginNotice::Locked && m_lockedUntil <= wallNow()) {
            m_loginNotice = LoginNotice::None; // the lock ran out: the keypad works again
        }
    }
}

bool Kiosk::applyStaff(const Intent& i) {
    return std::visit(
        [this](const auto& x) -> bool {
            using T = std::decay_t<decltype(x)>;
            const ScreenId here = m_nav.current().screen;
            if constexpr (std::is_same_v<T, intent::OpenStaffLogin>) {
                if (here == ScreenId::Attract || here == ScreenId::Home || here == ScreenId::Safe) {
                    openLogin(std::nullopt);
                }
            } else if constexpr (std::is_same_v<T, intent::PinDigit>) {
                if (here == ScreenId::StaffLogin && m_loginNotice != LoginNotice::Locked &&
                    m_loginNotice != LoginNotice::NoStaff && x.digit >= '0' && x.digit <= '9' &&
                    m_pin.size() < kPinLength) {
                    if (m_pin.empty()) {
                        m_loginNotice = LoginNotice::None;
                    }
                    m_pin += x.digit;
                    if (m_pin.size() == kPinLength) {
                        submitPin();
                    }
                }
            } else if constexpr (std::is_same_v<T, intent::PinErase>) {
                if (!m_pin.empty()) {
                    m_pin.pop_back();
                }
            } else if constexpr (std::is_same_v<T, intent::Logout>) {
                logout();
            } else if constexpr (std::is_same_v<T, intent::LaunchSelect>) {
                m_launch.id = x.id;
                m_launch.plan = x.plan;
            } else if constexpr (std::is_same_v<T, intent::LaunchGroup>) {
                m_launch.groupSize = std::clamp(x.size, 1, kMaxGroupSize);
                if (m_launch.groupSize == 1) {
                    m_launch.presenter = false;
                }
            } else if constexpr (std::is_same_v<T, intent::LaunchPresenter>) {
                m_launch.presenter = x.on && m_launch.groupSize > 1;
            } else if constexpr (std::is_same_v<T, intent::LaunchStart>) {
                startGuided();
            } else if constexpr (std::is_same_v<T, intent::NextLesson>) {
                nextLesson();
            } else if constexpr (std::is_same_v<T, intent::EndGuided>) {
                endGuided();
            } else if constexpr (std::is_same_v<T, intent::EditSetting>) {
                ConfigEdit& e = m_form.edit;
                m_form.saved = false;
                switch (x.field) {
                case intent::SettingField::SiteName:
                    e.siteName = x.value;
                    break;
                case intent::SettingField::KioskId:
                    e.kioskId = x.value;
                    break;
                case intent::SettingField::Language:
                    e.language = parseLang(x.value).value_or(e.language);
                    break;
                case intent::SettingField::TextSize:
                    e.textSize = parseTextSize(x.value).value_or(e.textSize);
                    break;
                case intent::SettingField::IdleSeconds:
                    e.idleSeconds = x.value;
                    break;
                case intent::SettingField::WarningSeconds:
                    e.warningSeconds = x.value;
                    break;
                case intent::SettingField::MmPerPx:
                    e.mmPerPx = x.value;
                    break;
                }
            } else if constexpr (std::is_same_v<T, intent::SaveSettings>) {
                saveSettings();
            } else if constexpr (std::is_same_v<T, intent::StartExport>) {
                if (m_export && m_staff && m_staff->role == Role::Technician &&
                    m_export->status().state != ExportStatus::State::Running) {
                    // only a stick the screen listed: never a path from anywhere else
                    for (const UsbStick& s : m_export->sticks()) {
                        if (s.mount == x.mount && !s.readOnly) {
                            m_export->start(s.mount);
                        }
                    }
                }
            } else if constexpr (std::is_same_v<T, intent::LeaveSafeMode>) {
                if (m_safe && m_staff && m_staff->role == Role::Technician) {
                    m_safe = false;
                    if (m_onLeaveSafe) {
                        m_onLeaveSafe();
                    }
                }
            } else if constexpr (std::is_same_v<T, intent::CancelExport>) {
                if (m_export) {
                    m_export->cancel();
                }
            } else {
                return false;
            }
            return true;
        },
        i);
}

} // namespace tramso
