// A problem found in a file a person edits (config, content): where it is and what to do.
// Printed as `file:line: message` so editors and technicians can jump to it.
#pragma once
#include <string>
#include <vector>

namespace tramso {

struct Diagnostic {
    enum class Severity { Warning, Error };
    Severity severity = Severity::Error;
    std::string file;
    int line = 0; // 0 when no line applies
    std::string message;

    std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool hasErrors(const Diagnostics& d);

} // namespace tramso
