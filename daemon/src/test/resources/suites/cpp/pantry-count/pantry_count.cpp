#include "pantry_count.h"

namespace pantry_count {
std::map<std::string, int> count(const std::vector<std::string>& items) {
    std::map<std::string, int> totals;
    for (const auto& item : items) {
        ++totals[item];
    }
    return totals;
}
}  // namespace pantry_count
