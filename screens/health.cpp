// Kiosk health for the technician: one line per fact, problems spelled out. The facts are
// gathered by the platform when the screen opens; this only draws them.
#include "screen.hpp"

namespace tramso::screens {

void health(Context& c) {
    ui::Ui& ui = c.ui;
    const bool vi = c.lang() == Lang::Vi;
    const ui::Palette& p = ui.beginPage("##health", c.pos, c.size);
    const float y = staffHeader(c, c.tr("health.title"));
    const float w = ui.beginPageScroll("##healthlist", c.pos, c.size, y);
    const float gap = ui.gap();
    const HealthInfo* h = c.data<HealthInfo>();
    if (!h) {
        ui.endPageWith(c.tr("dashboard.none"), w);
        return;
    }
    auto row = [&](const char* key, const std::string& value) {
        ui.text(c.tr(key), ui::FontRole::Title, p.text, w);
        ui.text(value, ui::FontRole::Body, p.text, w);
        ImGui::Dummy(ImVec2(w, gap * 0.5f));
    };
    for (const std::string& n : h->notices) {
        ui.text(n, ui::FontRole::Title, p.text, w);
    }
    row("health.version", h->version);
    if (h->contentErrors.empty()) {
        row("health.content", fill(c.tr("health.content_ok"), "n", std::to_string(h->lessons)));
    } else {
        ui.text(c.tr("health.content"), ui::FontRole::Title, p.text, w);
        ui.text(fill(c.tr("health.content_errors"), "n", std::to_string(h->contentErrors.size())),
                ui::FontRole::Body, p.text, w);
        for (const std::string& e : h->contentErrors) {
            ui.text(e, ui::FontRole::Body, p.text, w);
        }
        ImGui::Dummy(ImVec2(w, gap * 0.5f));
    }
    std::string db = humanBytes(h->databaseBytes, vi);
    if (!h->integrity.empty()) {
        db += " – " + c.tr("health.integrity") + ": " + h->integrity;
        if (h->integrityAt > 0) {
            db += " (" + localDateTime(h->integrityAt) + ")";
        }
    }
    row("health.database", db);
    row("health.disk", humanBytes(h->freeDiskBytes, vi));
    row("health.export", h->lastExportAt > 0
                             ? localDateTime(h->lastExportAt) + " – " + h->lastExportFolder
                             : c.tr("health.never"));
    row("health.export_key",
        h->exportKeyId.empty() ? c.tr("health.export_key_none") : h->exportKeyId);
    row("health.clock", h->clockWrong
                            ? c.tr("health.clock_wrong")
                            : c.tr("health.clock_ok") + " – " + localDateTime(c.kiosk.wallNow()));
    ui.endScroll();
    ui.endPanel();
}

} // namespace tramso::screens
