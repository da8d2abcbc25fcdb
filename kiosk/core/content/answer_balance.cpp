// Lengths are counted in code points on the NFC text, so "ệ" is one, as a reader sees it.
#include "answer_balance.hpp"

#include "kiosk/core/base/text.hpp"

#include <algorithm>

namespace tramso {
namespace {

// Whether the right option is longer than every other one in this language.
bool rightIsLongest(const OptionQuestion& q, Lang lang) {
    const auto len = [&](size_t i) { return text::codepoints((*q.answers)[i].get(lang)).size(); };
    const size_t right = static_cast<size_t>(q.right);
    for (size_t i = 0; i < q.answers->size(); ++i) {
        if (i != right && len(i) >= len(right)) {
            return false;
        }
    }
    return true;
}

std::string share(size_t n, size_t of) {
    return std::to_string(n) + " of " + std::to_string(of) + " (" +
           std::to_string((n * 100 + of / 2) / of) + "%)";
}

} // namespace

AnswerBalance measureAnswerBalance(const std::vector<OptionQuestion>& questions) {
    AnswerBalance b;
    for (const OptionQuestion& q : questions) {
        if (!q.answers || q.answers->size() < 2 || q.right < 0 ||
            q.right >= static_cast<int>(q.answers->size())) {
            continue; // refused by the loaders already
        }
        ++b.questions;
        b.longestVi += rightIsLongest(q, Lang::Vi) ? 1 : 0;
        b.longestEn += rightIsLongest(q, Lang::En) ? 1 : 0;
        if (b.rightAt.size() <= static_cast<size_t>(q.right)) {
            b.rightAt.resize(static_cast<size_t>(q.right) + 1, 0);
        }
        ++b.rightAt[static_cast<size_t>(q.right)];
    }
    return b;
}

void warnAnswerBalance(const std::vector<OptionQuestion>& questions, const std::string& file,
                       const std::string& what, Diagnostics& diag) {
    const AnswerBalance b = measureAnswerBalance(questions);
    if (b.questions < 2) {
        return;
    }
    const auto warn = [&](const std::string& msg) {
        diag.push_back({Diagnostic::Severity::Warning, file, 0, msg});
    };
    for (const auto& [lang, n] : {std::pair{"Vietnamese", b.longestVi}, {"English", b.longestEn}}) {
        if (n * 2 > b.questions) {
            warn(what + ": the right answer is the longest option in " + share(n, b.questions) +
                 " in " + lang +
                 "; a room learns to pick the long one: make the wrong answers as long (real "
                 "mistakes people make) or the right one shorter");
        }
    }
    for (size_t at = 0; at < b.rightAt.size(); ++at) {
        if (b.rightAt[at] * 2 > b.questions) {
            warn(what + ": the right answer is answer " + std::to_string(at + 1) + " in " +
                 share(b.rightAt[at], b.questions) +
                 "; spread the right answers over the places in the file");
        }
    }
}

void checkAnswerBalance(const QuizSet& quizzes, const TutorialSet& tutorials,
                        const std::string& tutorialsDir, Diagnostics& diag) {
    for (const Quiz& q : quizzes.quizzes) {
        std::vector<OptionQuestion> qs;
        for (const QuizQuestion& x : q.questions) {
            qs.push_back({&x.answers, x.right});
        }
        warnAnswerBalance(qs, q.file, "quiz '" + q.id + "'", diag);
    }
    std::vector<OptionQuestion> checks;
    for (const Tutorial& t : tutorials.tutorials) {
        for (const Step& s : t.steps) {
            if (s.check) {
                checks.push_back({&s.check->answers, s.check->right});
            }
        }
    }
    warnAnswerBalance(checks, tutorialsDir, "the lesson checks (all lessons together)", diag);
}

} // namespace tramso
