// Navigation as data: a stack of routes owned by the app. Screens never switch screens
// themselves; they return intents the app turns into push / pop / reset.
#pragma once
#include "route.hpp"

#include <vector>

namespace tramso {

class Navigator {
  public:
    Navigator() : m_stack{Route{}} {}
    const Route& current() const { return m_stack.back(); }
    size_t depth() const { return m_stack.size(); }
    void push(const Route& r);
    // Pops one screen; the bottom screen stays.
    void pop();
    void reset(const Route& r) { m_stack.assign(1, r); }
    bool contains(const Route& r) const;

  private:
    std::vector<Route> m_stack;
};

} // namespace tramso
