// Quizzes as data: one TOML file per quiz in assets/quizzes/ (format in
// assets/quizzes/README.md) — questions with 3–4 answers, the right one, a one-line
// explanation and the skill, in Vietnamese and English. Played alone ("Đố vui") or by a room.
#pragma once
#include "kiosk/core/base/diagnostic.hpp"
#include "kiosk/core/base/strings.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tramso {

// Three at least: with two, a room guesses half the questions right by chance.
constexpr size_t kMinQuizAnswers = 3;
constexpr size_t kMaxQuizAnswers = 4;
// A question's index is recorded (0-based) and the stats column allows 0..99.
constexpr size_t kMaxQuizQuestions = 50;

struct QuizQuestion {
    int skill = 0; // 1..5
    Translated question;
    std::vector<Translated> answers; // 2–4
    int right = 0;                   // index into answers (0-based; the file says 1-based)
    Translated explain;              // one line, shown with the answer
    // "Câu hỏi phụ (phân định)": asked by a group quiz only after the others, to separate a
    // tie; at most one per quiz, the last one; a resident playing alone does not get it.
    bool tiebreak = false;
};

struct Quiz {
    std::string id;
    Translated title;
    std::vector<QuizQuestion> questions;
    std::string file; // where it came from, for messages

    bool hasTiebreak() const { return !questions.empty() && questions.back().tiebreak; }
    // The questions played in turn: all but the tie-break question.
    size_t regularCount() const { return questions.size() - (hasTiebreak() ? 1 : 0); }
};

struct QuizSet {
    std::vector<Quiz> quizzes;
    const Quiz* find(std::string_view id) const;
    // The quiz after `id` in file order, wrapping (the "another quiz" button).
    const Quiz* after(std::string_view id) const;
    size_t questionCount() const;
};

// One file's text. A problem becomes a diagnostic naming file and line; a quiz with an error
// is refused (nullopt).
std::optional<Quiz> parseQuiz(std::string_view text, const std::string& fileName,
                              Diagnostics& diag);

// Loads every *.toml in `assets/quizzes`; broken files are refused by name, the rest load.
// A missing folder is not an error (quizzes are optional content).
QuizSet loadQuizzes(const std::filesystem::path& assets, Diagnostics& diag);

// Every resident-facing text of a quiz (glyph checks, the font atlas).
void forEachText(const Quiz& q, const std::function<void(const std::string&)>& f);

} // namespace tramso
