// "Pick the long one": a room at a "Rung chuông vàng" evening learns in three questions when
// the right option is nearly always the longest, or nearly always in one place. The options
// are shuffled on screen (core/shuffle.hpp), but the length still shows; and the place in the
// file shows to anyone who reads the files. `check-content` (and `pack build`) warn about both,
// per quiz file and for the lesson checks of all tutorials together.
#pragma once
#include "kiosk/core/base/diagnostic.hpp"
#include "kiosk/core/base/strings.hpp"
#include "quiz.hpp"
#include "tutorial.hpp"

#include <string>
#include <vector>

namespace tramso {

// One question's options and the file id of its right one.
struct OptionQuestion {
    const std::vector<Translated>* answers = nullptr;
    int right = 0;
};

struct AnswerBalance {
    size_t questions = 0;
    // Questions whose right option is strictly longer (in Unicode code points) than every
    // other option, in Vietnamese and in English.
    size_t longestVi = 0, longestEn = 0;
    // How often the right option sits at each place in the file (0-based).
    std::vector<size_t> rightAt;
};

AnswerBalance measureAnswerBalance(const std::vector<OptionQuestion>& questions);

// Warnings naming `file` and the share when the right option is the longest (in either
// language) or at one place in more than half of the questions; nothing for fewer than two.
void warnAnswerBalance(const std::vector<OptionQuestion>& questions, const std::string& file,
                       const std::string& what, Diagnostics& diag);

// Every quiz file on its own, and the lesson checks of all tutorials as one set (reported as
// `tutorialsDir`).
void checkAnswerBalance(const QuizSet& quizzes, const TutorialSet& tutorials,
                        const std::string& tutorialsDir, Diagnostics& diag);

} // namespace tramso
