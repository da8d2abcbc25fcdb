// Formatting of diagnostics.
#include "diagnostic.hpp"

#include <algorithm>

namespace tramso {

std::string Diagnostic::format() const {
    std::string out = file;
    if (line > 0) {
        out += ":";
        out += std::to_string(line);
    }
    out += severity == Severity::Error ? ": error: " : ": warning: ";
    out += message;
    return out;
}

bool hasErrors(const Diagnostics& d) {
    return std::any_of(d.begin(), d.end(), [](const Diagnostic& x) {
        return x.severity == Diagnostic::Severity::Error;
    });
}

} // namespace tramso
