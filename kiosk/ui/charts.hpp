// Bar charts for the team's dashboard, drawn with the draw list: a title, labelled axes,
// the value written on each bar (numbers a team copies into its report must be readable,
// not estimated from bar lengths).
#pragma once
#include "ui.hpp"

#include <string>
#include <vector>

namespace tramso::ui {

struct Bar {
    std::string label;
    double value = 0;
    double value2 = -1; // second series (e.g. completed); < 0 when none
};

struct ChartSpec {
    std::string title;
    std::string legend1, legend2; // legend2 empty for one series
    std::string xAxis, yAxis;
};

// Vertical bars (days, hours, steps); every `labelEvery`-th label is written.
void columnChart(Ui& ui, const ChartSpec& spec, const std::vector<Bar>& bars, ImVec2 size,
                 int labelEvery = 1);
// Horizontal bars with their labels on the left (lessons, portals); returns the label
// tapped when `tappable`.
std::string rowChart(Ui& ui, const ChartSpec& spec, const std::vector<Bar>& bars, float width,
                     bool tappable = false, const std::string& selected = {});

} // namespace tramso::ui
