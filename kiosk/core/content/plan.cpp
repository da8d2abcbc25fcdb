// Reads lesson plans; a plan naming a lesson that did not load is skipped with its line.
#include "plan.hpp"

#include "kiosk/core/base/text.hpp"
#include "kiosk/core/base/toml_read.hpp"

#include <algorithm>
#include <set>

namespace tramso {

namespace fs = std::filesystem;

const Plan* PlanSet::find(std::string_view id) const {
    return findById(plans, id);
}

std::optional<Plan> parsePlan(std::string_view textIn, const std::string& fileName,
                              const TutorialSet& lessons, Diagnostics& diag) {
    bool ok = true;
    auto lineOf = [](const toml::node* n) {
        return n ? static_cast<int>(n->source().begin.line) : 0;
    };
    auto error = [&](int line, const std::string& msg) {
        diag.push_back({Diagnostic::Severity::Error, fileName, line, msg});
        ok = false;
    };
    const auto root = parseContentToml(textIn, fileName, "plan", diag);
    if (!root) {
        return std::nullopt;
    }
    Plan p;
    p.file = fileName;
    const toml::node* id = root->get("id");
    if (!id || !id->is_string()) {
        error(id ? lineOf(id) : 1, "missing id = \"…\" (lowercase letters, digits and '-')");
    } else if (p.id = *id->value<std::string>(); !text::isId(p.id)) {
        error(lineOf(id), "id '" + p.id + "' must be lowercase letters, digits and '-'");
    }
    if (auto t = readTranslated(root->get("title"), "title", 1, true, fileName, diag, ok)) {
        p.title = *t;
    }
    const toml::node* list = root->get("tutorials");
    const toml::array* arr = list ? list->as_array() : nullptr;
    if (!arr || arr->empty()) {
        error(list ? lineOf(list) : 1,
              "missing tutorials = [\"lesson-id\", …] (the lessons in teaching order)");
    } else if (arr->size() > kMaxPlanLessons) {
        error(lineOf(list),
              "a plan holds at most " + std::to_string(kMaxPlanLessons) + " lessons; split it");
    } else {
        for (const toml::node& n : *arr) {
            auto v = n.value<std::string>();
            if (!n.is_string() || !v) {
                error(lineOf(&n), "each entry of 'tutorials' must be a lesson id in quotes");
            } else if (!lessons.find(*v)) {
                error(lineOf(&n), "no lesson has the id '" + *v +
                                      "' (or it has errors: run tramso check-content)");
            } else {
                p.tutorials.push_back(*v);
            }
        }
    }
    for (const auto& [k, v] : *root) {
        static const std::set<std::string> kKnown = {"id", "title", "tutorials"};
        if (!kKnown.count(std::string(k.str()))) {
            diag.push_back({Diagnostic::Severity::Warning, fileName, lineOf(&v),
                            "unknown key '" + std::string(k.str()) + "' is ignored"});
        }
    }
    if (!ok) {
        return std::nullopt;
    }
    return p;
}

PlanSet loadPlans(const fs::path& assets, const TutorialSet& lessons, Diagnostics& diag) {
    PlanSet set;
    const fs::path dir = assets / "plans";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return set;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.path().extension() == ".toml" && e.is_regular_file(ec)) {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
        if (fs::file_size(f, ec) > kMaxContentFileBytes) {
            diag.push_back({Diagnostic::Severity::Error, f.string(), 0, "the file is over 1 MiB"});
            continue;
        }
        auto contents = readFile(f);
        if (!contents) {
            diag.push_back({Diagnostic::Severity::Error, f.string(), 0, "cannot be read; skipped"});
            continue;
        }
        auto p = parsePlan(*contents, f.string(), lessons, diag);
        if (!p) {
            continue;
        }
        addUnlessIdUsed(set.plans, std::move(*p), f.string(), diag);
    }
    return set;
}

} // namespace tramso
