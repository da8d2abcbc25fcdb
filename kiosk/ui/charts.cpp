// Chart drawing. Colours come from the theme so high contrast works here too.
#include "charts.hpp"

#include <algorithm>
#include <cmath>

namespace tramso::ui {
namespace {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

void legend(Ui& ui, const ChartSpec& spec, float x, float y) {
    if (spec.legend2.empty()) {
        return;
    }
    const Palette& p = ui.palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float s = ui.em(0.8f);
    dl->AddRectFilled(ImVec2(x, y + s * 0.3f), ImVec2(x + s, y + s * 1.3f), toU32(p.accent));
    ui.textAt(spec.legend1, FontRole::Body, p.text, ImVec2(x + s * 1.4f, y));
    float w = ui.measure(spec.legend1, FontRole::Body).x;
    float x2 = x + s * 2.2f + w;
    dl->AddRectFilled(ImVec2(x2, y + s * 0.3f), ImVec2(x2 + s, y + s * 1.3f), toU32(p.accent2));
    ui.textAt(spec.legend2, FontRole::Body, p.text, ImVec2(x2 + s * 1.4f, y));
}

} // namespace

void columnChart(Ui& ui, const ChartSpec& spec, const std::vector<Bar>& bars, ImVec2 size,
                 int labelEvery) {
    const Palette& p = ui.palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 o = ImGui::GetCursorScreenPos();
    ui.text(spec.title, FontRole::Title, p.text, size.x);
    float top = ImGui::GetCursorScreenPos().y;
    float lineH = ui.fontSize(FontRole::Body);
    double maxV = 1;
    for (const Bar& b : bars) {
        maxV = std::max({maxV, b.value, b.value2});
    }
    const float axisW = ui.measure(num(maxV), FontRole::Body).x + ui.em(0.5f);
    const float left = o.x + axisW;
    const float bottom = o.y + size.y - lineH * 2.2f;
    const float chartTop = top + lineH * 1.2f; // room for the value on the tallest bar
    const float w = o.x + size.x - left;
    // axes and the y scale
    dl->AddLine(ImVec2(left, chartTop), ImVec2(left, bottom), toU32(p.text), 2);
    dl->AddLine(ImVec2(left, bottom), ImVec2(o.x + size.x, bottom), toU32(p.text), 2);
    ui.textAt(num(maxV), FontRole::Body, p.text, ImVec2(o.x, chartTop - lineH * 0.5f));
    ui.textAt("0", FontRole::Body, p.text,
              ImVec2(o.x + axisW - ui.em(1.0f), bottom - lineH * 0.8f));
    if (!bars.empty()) {
        const float slot = w / static_cast<float>(bars.size());
        const bool two = bars.front().value2 >= 0;
        for (size_t i = 0; i < bars.size(); ++i) {
            const Bar& b = bars[i];
            float x0 = left + slot * static_cast<float>(i) + slot * 0.15f;
            float bw = slot * 0.7f / (two ? 2.0f : 1.0f);
            auto bar = [&](double v, float x, Rgb c) {
                float h = static_cast<float>(v / maxV) * (bottom - chartTop);
                dl->AddRectFilled(ImVec2(x, bottom - h), ImVec2(x + bw, bottom), toU32(c));
                if (v > 0 && bw > ui.em(1.2f)) {
                    std::string t = num(v);
                    float tw = ui.measure(t, FontRole::Body).x;
                    ui.textAt(t, FontRole::Body, p.text,
                              ImVec2(x + (bw - tw) * 0.5f, bottom - h - lineH));
                }
            };
            bar(b.value, x0, p.accent);
            if (two) {
                bar(b.value2, x0 + bw, p.accent2);
            }
            if (labelEvery > 0 && i % static_cast<size_t>(labelEvery) == 0) {
                float tw = ui.measure(b.label, FontRole::Body).x;
                ui.textAt(b.label, FontRole::Body, p.text,
                          ImVec2(left + slot * (static_cast<float>(i) + 0.5f) - tw * 0.5f,
                                 bottom + lineH * 0.1f));
            }
        }
    }
    ui.textAt(spec.xAxis, FontRole::Body, p.text, ImVec2(left, bottom + lineH * 1.1f));
    legend(ui, spec, left + ui.measure(spec.xAxis, FontRole::Body).x + ui.em(2.0f),
           bottom + lineH * 1.1f);
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + size.y));
    ImGui::Dummy(ImVec2(size.x, 0));
}

std::string rowChart(Ui& ui, const ChartSpec& spec, const std::vector<Bar>& bars, float width,
                     bool tappable, const std::string& selected) {
    const Palette& p = ui.palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 o = ImGui::GetCursorScreenPos();
    ui.text(spec.title, FontRole::Title, p.text, width);
    float y = ImGui::GetCursorScreenPos().y;
    legend(ui, spec, o.x, y);
    if (!spec.legend2.empty()) {
        y += ui.fontSize(FontRole::Body) * 1.4f;
    }
    double maxV = 1;
    for (const Bar& b : bars) {
        maxV = std::max({maxV, b.value, b.value2});
    }
    const float labelW = width * 0.42f;
    const float barsW = width - labelW - ui.em(3.0f);
    const bool two = !bars.empty() && bars.front().value2 >= 0;
    const float rowH = std::max(tappable ? ui.touchMin() : 0.0f,
                                ui.fontSize(FontRole::Body) * (two ? 2.2f : 1.4f));
    std::string tapped;
    for (const Bar& b : bars) {
        ImVec2 a(o.x, y);
        if (tappable) {
            ImGui::SetCursorScreenPos(a);
            if (ui.button(b.label, ImVec2(labelW - ui.em(0.4f), rowH - ui.gap() * 0.5f),
                          ButtonKind::Secondary, b.label == selected, "toggle")) {
                tapped = b.label;
            }
        } else {
            ImVec2 ts = ui.measure(b.label, FontRole::Body, labelW - ui.em(0.4f));
            ImGui::SetCursorScreenPos(ImVec2(a.x, a.y + (rowH - ts.y) * 0.5f));
            ui.text(b.label, FontRole::Body, p.text, labelW - ui.em(0.4f));
        }
        auto bar = [&](double v, float by, float bh, Rgb c) {
            float len = static_cast<float>(v / maxV) * barsW;
            dl->AddRectFilled(ImVec2(o.x + labelW, by), ImVec2(o.x + labelW + len, by + bh),
                              toU32(c));
            ui.textAt(num(v), FontRole::Body, p.text,
                      ImVec2(o.x + labelW + len + ui.em(0.3f),
                             by + (bh - ui.fontSize(FontRole::Body)) * 0.5f));
        };
        float bh = (rowH - ui.gap() * 0.5f) / (two ? 2.0f : 1.0f);
        bar(b.value, y, bh, p.accent);
        if (two) {
            bar(b.value2, y + bh, bh, p.accent2);
        }
        y += rowH + ui.gap() * 0.5f;
    }
    dl->AddLine(ImVec2(o.x + labelW, ImGui::GetCursorScreenPos().y), ImVec2(o.x + labelW, y),
                toU32(p.text), 2);
    ImGui::SetCursorScreenPos(ImVec2(o.x, y));
    ImGui::Dummy(ImVec2(width, 0));
    return tapped;
}

} // namespace tramso::ui
