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

void Navigator::pop() {
    if (m_stack.size() > 1) {
        m_stack.pop_back();
    }
}

} // namespace tramso
