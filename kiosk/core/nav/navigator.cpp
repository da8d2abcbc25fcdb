// Stack operations; pushing the screen already on top is ignored so a double tap does not
// need two Backs.
#include "navigator.hpp"

namespace tramso {

void Navigator::push(const Route& r) {
    if (m_stack.back() == r) {
        return;
    }
    m_stack.push_back(r);
}

bool Navigator::contains(const Route& r) const {
    for (const Route& x : m_stack) {
        if (x == r) {
            return true;
        }
    }
    return false;
}

void Navigator::pop() {
    if (m_stack.size() > 1) {
        m_stack.pop_back();
    }
}

} // namespace tramso
