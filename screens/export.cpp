// The technician's USB export: the sticks found (label, free space, read-only or not writable
// by the kiosk flagged; a pulled one is gone from the list), a
// progress bar with Cancel while it runs, and "done, safe to remove" only after the data is
// on the stick and checked. Problems get a headline in the technician's language and the
// exporter's exact words under it.
#include "screen.hpp"

#include "kiosk/core/base/text.hpp"
#include "kiosk/core/stick/usb.hpp"

#include <cmath>

namespace tramso::screens {

void exportScreen(Context& c) {
    ui::Ui& ui = c.ui;
    const ui::Palette& p = ui.beginPage("##export", c.pos, c.size);
    const float y = staffHeader(c, c.tr("export.title"));
    const float w = std::min(ui.beginPageScroll("##exportpage", c.pos, c.size, y), ui.em(40.0f));
    const float gap = ui.gap();
    const float x0 = ImGui::GetCursorScreenPos().x;
    ExportService* service = c.kiosk.exportService();
    if (!service) {
        ui.endPageWith(c.tr("login.unavailable"), w);
        return;
    }
    const ExportStatus st = service->status();
    const bool vi = c.lang() == Lang::Vi;
    if (st.state == ExportStatus::State::Running) {
        const int pct = static_cast<int>(std::floor(st.progress * 100));
        ui.text(fill(c.tr("export.running"), "p", std::to_string(pct)), ui::FontRole::Title, p.text,
                w);
        ImVec2 a = ImGui::GetCursorScreenPos();
        const float h = ui.em(1.2f);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(a, ImVec2(a.x + w, a.y + h), ui::toU32(p.surfaceBorder), h * 0.3f);
        dl->AddRectFilled(a, ImVec2(a.x + w * static_cast<float>(st.progress), a.y + h),
                          ui::toU32(p.accent), h * 0.3f);
        ImGui::SetCursorScreenPos(ImVec2(x0, a.y + h + gap));
        if (ui.button(c.tr("export.cancel"), ui.buttonSize(c.tr("export.cancel")),
                      ui::ButtonKind::Secondary)) {
            c.emit(intent::CancelExport{});
        }
        ui.requestTick(8.0); // the bar moves
        ui.endScroll();
        ui.endPanel();
        return;
    }
    if (st.state == ExportStatus::State::Done) {
        ui.text(c.tr("export.done"), ui::FontRole::Title, p.text, w);
        if (st.ejected) {
            ui.text(c.tr("export.ejected"), ui::FontRole::Body, p.text, w);
        }
        ui.text(fill(c.tr("export.folder"), "f", st.message), ui::FontRole::Body, p.text, w);
        ImGui::Dummy(ImVec2(w, gap));
    } else if (st.state == ExportStatus::State::Failed) {
        static constexpr std::pair<ExportProblem, const char*> kHeadlines[] = {
            {ExportProblem::Full, "export.full"},
            {ExportProblem::Removed, "export.removed"},
            {ExportProblem::ReadOnly, "export.read_only"},
            {ExportProblem::NoPermission, "export.no_permission"},
            {ExportProblem::NameClash, "export.clash"},
            {ExportProblem::Cancelled, "export.cancelled"}};
        const auto problem = static_cast<ExportProblem>(st.problem);
        ui.text(c.tr(lookup(kHeadlines, problem, "export.failed")), ui::FontRole::Title, p.text, w);
        if (problem != ExportProblem::Cancelled) {
            ui.text(c.tr("export.failed"), ui::FontRole::Body, p.text, w);
            ui.text(st.message, ui::FontRole::Body, p.text, w);
        }
        ImGui::Dummy(ImVec2(w, gap));
    }
    const auto& sticks = service->sticks();
    if (sticks.empty()) {
        ui.text(c.tr("export.none"), ui::FontRole::Title, p.text, w);
    }
    for (size_t i = 0; i < sticks.size(); ++i) {
        const UsbStick& s = sticks[i];
        ImGui::SetCursorScreenPos(ImVec2(x0, ImGui::GetCursorScreenPos().y));
        ui.text(
            fill(fill(c.tr("export.found"), "label", s.label), "free", humanBytes(s.freeBytes, vi)),
            ui::FontRole::Title, p.text, w);
        for (const std::string& f : s.incomplete) {
            ui.text(fill(c.tr("export.incomplete"), "f", f), ui::FontRole::Body, p.text, w);
        }
        if (s.readOnly || s.noPermission) {
            ui.text(c.tr(s.readOnly ? "export.read_only" : "export.no_permission"),
                    ui::FontRole::Body, p.text, w);
            continue;
        }
        const std::string label = c.tr("export.start") + "##" + std::to_string(i);
        if (ui.button(label, ui.buttonSize(label, ui::FontRole::Title), ui::ButtonKind::Primary,
                      false, "button", nullptr, ui::FontRole::Title)) {
            c.emit(intent::StartExport{s.mount.string()});
        }
        ImGui::Dummy(ImVec2(w, gap));
    }
    ui.requestTick(1.0); // a stick plugged in shows up within a second
    ui.endScroll();
    ui.endPanel();
}

} // namespace tramso::screens
