// Lesson plans: an ordered list of lessons a team member teaches in one sitting ("VNeID,
// then dichvucong, then scam SMS"). One TOML file per plan in assets/plans/, edited like
// lessons (format in assets/tutorials/README.md).
#pragma once
#include "kiosk/core/base/diagnostic.hpp"
#include "kiosk/core/base/strings.hpp"
#include "tutorial.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace tramso {

struct Plan {
    std::string id;
    Translated title;
    std::vector<std::string> tutorials; // lesson ids, in teaching order
    std::string file;
};

constexpr size_t kMaxPlanLessons = 12;

struct PlanSet {
    std::vector<Plan> plans;
    const Plan* find(std::string_view id) const;
};

// One file's text; lesson ids are checked against `lessons`.
std::optional<Plan> parsePlan(std::string_view text, const std::string& fileName,
                              const TutorialSet& lessons, Diagnostics& diag);
// Every *.toml in assets/plans (a missing folder means no plans, not an error).
PlanSet loadPlans(const std::filesystem::path& assets, const TutorialSet& lessons,
                  Diagnostics& diag);

} // namespace tramso
