// Quiz loading with toml++, in the lesson loader's style: every check names its file and
// line, because the people who write quizzes are volunteers, not programmers.
#include "quiz.hpp"

#include "kiosk/core/base/text.hpp"
#include "kiosk/core/base/toml_read.hpp"
#include "tutorial.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <set>

namespace tramso {
namespace fs = std::filesystem;

const Quiz* QuizSet::find(std::string_view id) const {
    return findById(quizzes, id);
}

const Quiz* QuizSet::after(std::string_view id) const {
    for (size_t i = 0; i < quizzes.size(); ++i) {
        if (quizzes[i].id == id) {
            return &quizzes[(i + 1) % quizzes.size()];
        }
    }
    return quizzes.empty() ? nullptr : &quizzes.front();
}

size_t QuizSet::questionCount() const {
    size_t n = 0;
    for (const Quiz& q : quizzes) {
        n += q.questions.size();
    }
    return n;
}

namespace {

int lineOf(const toml::node* n) {
    return n ? static_cast<int>(n->source().begin.line) : 0;
}

class QuizReader {
  public:
    QuizReader(std::string file, Diagnostics& diag) : m_file(std::move(file)), m_diag(diag) {}

    bool ok = true;

    void error(int line, const std::string& msg) {
        m_diag.push_back({Diagnostic::Severity::Error, m_file, line, msg});
        ok = false;
    }
    void warning(int line, const std::string& msg) {
        m_diag.push_back({Diagnostic::Severity::Warning, m_file, line, msg});
    }
    std::optional<Translated> translated(const toml::node* n, const std::string& where,
                                         int fallbackLine) {
        return readTranslated(n, where, fallbackLine, true, m_file, m_diag, ok);
    }
    void unknownKeys(const toml::table& t, const std::set<std::string>& known,
                     const std::string& where) {
        warnUnknownKeys(t, known, where, m_file, m_diag);
    }
    // A whole number in [lo, hi]; `what` names it.
    std::optional<int> integer(const toml::table& t, const char* key, int line, int lo, int hi,
                               const std::string& where) {
        const toml::node* n = t.get(key);
        if (!n) {
            error(line, where + ": missing '" + key + "'");
            return std::nullopt;
        }
        if (!n->is_integer()) {
            error(lineOf(n), where + ": '" + key + "' must be a whole number");
            return std::nullopt;
        }
        const int64_t v = *n->value<int64_t>();
        if (v < lo || v > hi) {
            error(lineOf(n), where + ": '" + key + "' must be from " + std::to_string(lo) + " to " +
                                 std::to_string(hi) + ", not " + std::to_string(v));
            return std::nullopt;
        }
        return static_cast<int>(v);
    }

    std::optional<QuizQuestion> question(const toml::table& t, size_t index) {
        const std::string where = "question " + std::to_string(index + 1);
        const int line = lineOf(&t);
        const bool before = ok;
        ok = true;
        QuizQuestion q;
        if (auto s = integer(t, "skill", line, 1, 5, where)) {
            q.skill = *s;
        }
        if (auto x = translated(t.get("question"), where + ": question", line)) {
            q.question = *x;
        }
        const toml::node* an = t.get("answers");
        const toml::array* answers = an ? an->as_array() : nullptr;
        if (!an) {
            error(line, where +
                            ": missing 'answers' (write answers = [ { vi = \"…\", en = "
                            "\"…\" }, … ] with " +
                            std::to_string(kMinQuizAnswers) + " to " +
                            std::to_string(kMaxQuizAnswers) + " answers)");
        } else if (!answers) {
            error(lineOf(an), where + ": 'answers' must be a list [ … ] of { vi, en } texts");
        } else if (answers->size() < kMinQuizAnswers || answers->size() > kMaxQuizAnswers) {
            error(lineOf(an), where + ": has " + std::to_string(answers->size()) +
                                  " answers; a question needs " + std::to_string(kMinQuizAnswers) +
                                  " to " + std::to_string(kMaxQuizAnswers) +
                                  " (with two, a room guesses half of them right)");
        } else {
            for (size_t i = 0; i < answers->size(); ++i) {
                if (auto a = translated(answers->get(i),
                                        where + ": answer " + std::to_string(i + 1), lineOf(an))) {
                    q.answers.push_back(*a);
                }
            }
        }
        const toml::node* rn = t.get("right");
        if (!rn) {
            error(line, where + ": missing 'right' (the number of the right answer, from 1)");
        } else if (!rn->is_integer()) {
            error(lineOf(rn),
                  where + ": 'right' must be a whole number (the right answer, from 1)");
        } else if (answers && q.answers.size() == answers->size()) {
            const int64_t r = *rn->value<int64_t>();
            if (r < 1 || r > static_cast<int64_t>(q.answers.size())) {
                error(lineOf(rn), where + ": 'right' is " + std::to_string(r) + " but there are " +
                                      std::to_string(q.answers.size()) + " answers (count from 1)");
            } else {
                q.right = static_cast<int>(r - 1);
            }
        }
        if (auto x = translated(t.get("explain"), where + ": explain", line)) {
            q.explain = *x;
        }
        if (const toml::node* tb = t.get("tiebreak")) {
            if (!tb->is_boolean()) {
                error(lineOf(tb), where + ": 'tiebreak' must be true or false (without quotes)");
            } else {
                q.tiebreak = *tb->value<bool>();
            }
        }
        unknownKeys(t, {"skill", "question", "answers", "right", "explain", "tiebreak"}, where);
        const bool good = ok;
        ok = before && good;
        if (!good) {
            return std::nullopt;
        }
        return q;
    }

  private:
    std::string m_file;
    Diagnostics& m_diag;
};

} // namespace

std::optional<Quiz> parseQuiz(std::string_view textIn, const std::string& fileName,
                              Diagnostics& diag) {
    QuizReader r(fileName, diag);
    const auto root = parseContentToml(textIn, fileName, "quiz", diag);
    if (!root) {
        return std::nullopt;
    }
    Quiz quiz;
    quiz.file = fileName;
    if (const toml::node* n = root->get("id"); !n) {
        r.error(1, "missing 'id' (write id = \"a-name\")");
    } else if (!n->is_string()) {
        r.error(lineOf(n), "'id' must be a text in quotes");
    } else {
        quiz.id = *n->value<std::string>();
        if (!text::isId(quiz.id)) {
            r.error(lineOf(n), "id '" + quiz.id + "' must be lowercase letters, digits and '-'");
        }
    }
    if (auto title = r.translated(root->get("title"), "title", 1)) {
        quiz.title = *title;
    }
    r.unknownKeys(*root, {"id", "title", "questions"}, "quiz");
    const toml::node* qn = root->get("questions");
    const toml::array* qs = qn ? qn->as_array() : nullptr;
    if (!qn) {
        r.error(1, "no questions (add [[questions]] tables)");
    } else if (!qs || !qs->is_array_of_tables()) {
        r.error(lineOf(qn), "'questions' must be [[questions]] tables");
    } else if (qs->empty() || qs->size() > kMaxQuizQuestions) {
        r.error(lineOf(qn), "has " + std::to_string(qs->size()) + " questions; a quiz needs 1 to " +
                                std::to_string(kMaxQuizQuestions));
    } else {
        std::vector<size_t> tiebreaks; // which questions say tiebreak = true
        for (size_t i = 0; i < qs->size(); ++i) {
            const toml::table& t = *qs->get(i)->as_table();
            if (const toml::node* tb = t.get("tiebreak");
                tb && tb->is_boolean() && *tb->value<bool>()) {
                tiebreaks.push_back(i);
            }
            if (auto q = r.question(t, i)) {
                quiz.questions.push_back(std::move(*q));
            }
        }
        for (size_t k = 0; k < tiebreaks.size(); ++k) {
            const size_t i = tiebreaks[k];
            const int line = lineOf(qs->get(i)->as_table()->get("tiebreak"));
            if (k > 0) {
                r.error(line, "question " + std::to_string(i + 1) +
                                  ": a quiz has at most one tie-break question (question " +
                                  std::to_string(tiebreaks[0] + 1) + " is one already)");
            } else if (i + 1 != qs->size()) {
                r.error(line, "question " + std::to_string(i + 1) +
                                  ": the tie-break question must be the last one (the room gets "
                                  "it after the others)");
            } else if (qs->size() == 1) {
                r.error(line, "question 1: a quiz needs questions besides its tie-break one");
            }
        }
    }
    if (!r.ok) {
        return std::nullopt;
    }
    return quiz;
}

QuizSet loadQuizzes(const fs::path& assets, Diagnostics& diag) {
    QuizSet set;
    forEachContentFile(assets / "quizzes", assets, "quiz", diag,
                       [&](const std::string& name, const std::string& contents) {
                           auto q = parseQuiz(contents, name, diag);
                           if (!q) {
                               diag.push_back(
                                   {Diagnostic::Severity::Error, name, 0,
                                    "this quiz is not shown until the errors above are fixed"});
                               return;
                           }
                           addUnlessIdUsed(set.quizzes, std::move(*q), name, diag);
                       });
    return set;
}

void forEachText(const Quiz& q, const std::function<void(const std::string&)>& f) {
    forEachText(q.title, f);
    for (const QuizQuestion& x : q.questions) {
        forEachText(x.question, f);
        for (const Translated& a : x.answers) {
            forEachText(a, f);
        }
        forEachText(x.explain, f);
    }
}

} // namespace tramso
