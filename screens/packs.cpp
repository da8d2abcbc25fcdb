// The technician's content packs: what the kiosk shows now (and what rollback would bring
// back), the packs found on sticks with what each would change, a confirmation before an
// install, a progress bar while it runs, and a refused pack's reason in the core's words.
#include "screen.hpp"

#include "kiosk/core/content/pack.hpp"
#include "kiosk/core/stick/stick_fs.hpp"

#include <algorithm>
#include <cmath>

namespace tramso::screens {
namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& i : items) {
        out += (out.empty() ? "" : ", ") + printableName(i); // names from a stick
    }
    return out;
}

void progressBar(ui::Ui& ui, const ui::Palette& p, float w, double share) {
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const float h = ui.em(1.2f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, ImVec2(a.x + w, a.y + h), ui::toU32(p.surfaceBorder), h * 0.3f);
    dl->AddRectFilled(a, ImVec2(a.x + w * static_cast<float>(std::clamp(share, 0.0, 1.0)), a.y + h),
                      ui::toU32(p.accent), h * 0.3f);
    ImGui::Dummy(ImVec2(w, h + ui.gap()));
}

} // namespace

void packs(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.beginPage("##packs", c.pos, c.size);
    const float y = staffHeader(c, c.tr("packs.title"));
    const float w = std::min(ui.beginPageScroll("##packspage", c.pos, c.size, y), ui.em(40.0f));
    const float gap = ui.gap();
    PackService* service = c.kiosk.packService();
    if (!service) {
        ui.endPageWith(c.tr("login.unavailable"), w);
        return;
    }
    const PackStatus st = service->status();
    const bool busy =
        st.state == PackStatus::State::Installing || st.state == PackStatus::State::RollingBack;

    // What runs or ran last.
    if (st.state == PackStatus::State::Installing) {
        const int pct = static_cast<int>(std::floor(st.progress * 100));
        ui.text(fill(c.tr("packs.installing"), "p", std::to_string(pct)), ui::FontRole::Title,
                p.text, w);
        progressBar(ui, p, w, st.progress);
    } else if (st.state == PackStatus::State::RollingBack) {
        ui.text(c.tr("packs.rolling_back"), ui::FontRole::Title, p.text, w);
    } else if (st.state == PackStatus::State::Done) {
        const std::string v = st.version.empty() ? c.tr("packs.bundled") : st.version;
        ui.text(fill(c.tr(st.rolledBack ? "packs.rolled_back" : "packs.installed"), "v", v),
                ui::FontRole::Title, p.text, w);
        progressBar(ui, p, w, 1.0);
    } else if (st.state == PackStatus::State::Failed) {
        ui.text(c.tr(st.rolledBack ? "packs.rollback_failed" : "packs.failed"), ui::FontRole::Title,
                p.text, w);
        ui.text(st.message, ui::FontRole::Body, p.text, w);
        ImGui::Dummy(ImVec2(w, gap));
    }

    const ContentInfo now = service->installed();

    // The confirmation step before an install; a version older than one installed before
    // (even if rolled back since) is a deliberate downgrade, said so in its own words.
    if (const auto& choice = c.kiosk.packChoice(); choice && !busy) {
        std::string version = printableName(choice->file);
        bool older = false;
        for (const PackStickView& s : service->sticks()) {
            for (const StickPack& pk : s.packs) {
                if (s.mount == choice->mount && pk.file == choice->file && pk.manifest) {
                    version = pk.manifest->version;
                    older = (!now.highestVersion.empty() &&
                             compareVersions(version, now.highestVersion) < 0) ||
                            (now.installed && compareVersions(version, now.version) < 0);
                }
            }
        }
        if (older) {
            const std::string newest =
                now.highestVersion.empty() ? now.version : now.highestVersion;
            ui.text(fill(fill(c.tr("packs.downgrade"), "v", version), "h", newest),
                    ui::FontRole::Title, p.text, w);
        }
        ui.text(fill(fill(c.tr("packs.confirm"), "v", version), "f", printableName(choice->file)),
                ui::FontRole::Title, p.text, w);
        const std::string yes = c.tr(older ? "packs.downgrade_yes" : "packs.confirm_yes");
        if (ui.button(yes, ui.buttonSize(yes, ui::FontRole::Title), ui::ButtonKind::Primary, false,
                      "button", nullptr, ui::FontRole::Title)) {
            c.emit(intent::ConfirmPack{older});
        }
        ImGui::SameLine(0, gap);
        if (ui.button(c.tr("packs.confirm_no"), ui.buttonSize(c.tr("packs.confirm_no")),
                      ui::ButtonKind::Secondary)) {
            c.emit(intent::CancelPack{});
        }
        ImGui::Dummy(ImVec2(w, gap));
    }

    // The content in use, and the way back.
    ui.text(c.tr("packs.current"), ui::FontRole::Title, p.text, w);
    if (now.installed) {
        ui.text(fill(fill(c.tr("packs.version"), "v", now.version), "d", now.date),
                ui::FontRole::Body, p.text, w);
        ui.text(fill(c.tr("packs.signer"), "k", now.signerKeyId), ui::FontRole::Body, p.text, w);
    } else {
        ui.text(c.tr("packs.bundled"), ui::FontRole::Body, p.text, w);
    }
    if (!now.problem.empty()) {
        ui.text(now.problem, ui::FontRole::Body, p.text, w);
    }
    if (now.previousKept) {
        const std::string prev =
            now.previousVersion.empty() ? c.tr("packs.bundled") : now.previousVersion;
        ui.text(fill(c.tr("packs.previous"), "v", prev), ui::FontRole::Body, p.text, w);
        if (!busy && ui.button(c.tr("packs.rollback"), ui.buttonSize(c.tr("packs.rollback")),
                               ui::ButtonKind::Secondary)) {
            c.emit(intent::RollbackContent{});
        }
    } else {
        ui.text(c.tr("packs.no_previous"), ui::FontRole::Body, p.text, w);
    }
    ImGui::Dummy(ImVec2(w, gap));

    // The packs on the sticks.
    if (st.scanning) {
        ui.text(c.tr("packs.scanning"), ui::FontRole::Body, p.text, w);
    }
    const std::vector<PackStickView> sticks = service->sticks();
    if (sticks.empty() && !st.scanning) {
        ui.text(c.tr("packs.none"), ui::FontRole::Title, p.text, w);
    }
    const Lang lang = c.lang();
    for (size_t i = 0; i < sticks.size(); ++i) {
        const PackStickView& s = sticks[i];
        ui.text(fill(c.tr("packs.stick"), "label", s.label), ui::FontRole::Title, p.text, w);
        if (!s.error.empty()) {
            ui.text(c.tr("packs.stick_refused"), ui::FontRole::Body, p.text, w);
            ui.text(s.error, ui::FontRole::Body, p.text, w);
            ImGui::Dummy(ImVec2(w, gap));
            continue;
        }
        if (s.packs.empty()) {
            ui.text(c.tr("packs.no_packs"), ui::FontRole::Body, p.text, w);
        }
        for (size_t j = 0; j < s.packs.size(); ++j) {
            const StickPack& pk = s.packs[j];
            if (pk.manifest) {
                ui.text(fill(fill(fill(c.tr("packs.pack"), "v", pk.manifest->version), "d",
                                  pk.manifest->date),
                             "t", pk.manifest->title.get(lang)),
                        ui::FontRole::Title, p.text, w);
            }
            ui.text(fill(c.tr("packs.file"), "f", printableName(pk.file)), ui::FontRole::Body,
                    p.text, w);
            if (!pk.signerKeyId.empty()) {
                ui.text(fill(c.tr("packs.signer"), "k", pk.signerKeyId), ui::FontRole::Body, p.text,
                        w);
            }
            if (!pk.problem.empty()) {
                ui.text(c.tr("packs.refused"), ui::FontRole::Body, p.text, w);
                ui.text(pk.problem, ui::FontRole::Body, p.text, w);
                ImGui::Dummy(ImVec2(w, gap));
                continue;
            }
            const PackDiff& d = pk.diff;
            const std::pair<const char*, const std::vector<std::string>*> lines[] = {
                {"packs.added", &d.lessonsAdded},
                {"packs.changed", &d.lessonsChanged},
                {"packs.removed", &d.lessonsRemoved},
                {"packs.portals", &d.portalsChanged}};
            bool any = false;
            for (const auto& [key, list] : lines) {
                if (!list->empty()) {
                    ui.text(fill(c.tr(key), "l", joined(*list)), ui::FontRole::Body, p.text, w);
                    any = true;
                }
            }
            if (!any) {
                ui.text(c.tr("packs.no_change"), ui::FontRole::Body, p.text, w);
            }
            const std::string label =
                c.tr("packs.install") + "##" + std::to_string(i) + "-" + std::to_string(j);
            if (!busy &&
                ui.button(label, ui.buttonSize(label, ui::FontRole::Title), ui::ButtonKind::Primary,
                          false, "button", nullptr, ui::FontRole::Title)) {
                c.emit(intent::ChoosePack{s.mount, pk.file});
            }
            ImGui::Dummy(ImVec2(w, gap));
        }
    }
    ui.requestTick(busy || st.scanning ? 8.0 : 1.0); // the bar moves; a stick shows up
    ui.endScroll();
    ui.endPanel();
}

} // namespace tramso::screens
