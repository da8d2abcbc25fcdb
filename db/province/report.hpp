// The province's monthly report from the PostgreSQL store: an XLSX workbook (summary, per
// commune, per skill, per lesson; Vietnamese titles) and a print-friendly HTML page
// (Vietnamese, English one click away without scripts, A4).
#pragma once
#include "pg.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tramso::province {

struct SkillRow {
    int skill = 0;
    std::string nameVi, nameEn;
    int64_t visits = 0, residents = 0, completedResidents = 0;
};

struct CommuneRow {
    std::string provinceCode, provinceName, communeCode, communeName;
    int64_t kiosks = 0, visits = 0, residents = 0, assisted = 0, self = 0, unfinished = 0;
    int64_t lessonsCompleted = 0, qr = 0;
    int64_t residentsPerSkill[5] = {0, 0, 0, 0, 0};
};

struct LessonRow {
    std::string id, titleVi, titleEn;
    int skill = 0;
    int64_t visits = 0, residents = 0, started = 0, completed = 0;
};

struct ProvinceReport {
    std::string month;    // YYYY-MM
    std::string province; // code, or "" for every province in the store
    std::string provinceName;
    int64_t kiosks = 0, activeKiosks = 0, visits = 0, residents = 0, assistedVisits = 0,
            assistedResidents = 0, selfVisits = 0, unfinishedVisits = 0, lessonsStarted = 0,
            lessonsCompleted = 0, qr = 0;
    int64_t voiceVisits = 0; // visits with voice on (0 for exports older than 2026-12)
    std::vector<SkillRow> skills;
    std::vector<CommuneRow> communes; // every commune known, active or not
    std::vector<LessonRow> lessons;
    int64_t silentCommunes() const;
};

// `month` as YYYY-MM; throws PgError.
ProvinceReport gatherReport(Pg& pg, const std::string& month, const std::string& province);

// Writes <dir>/tramso-<month>[-<province>].xlsx and .html (each under a temporary name, then
// renamed); returns the two paths. Throws std::runtime_error naming the file on failure.
std::vector<std::filesystem::path> writeReport(const ProvinceReport& r,
                                               const std::filesystem::path& dir);

std::string reportHtml(const ProvinceReport& r);

} // namespace tramso::province
