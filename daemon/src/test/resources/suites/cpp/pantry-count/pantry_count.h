#pragma once

#include <map>
#include <string>
#include <vector>

namespace pantry_count {
std::map<std::string, int> count(const std::vector<std::string>& items);
}  // namespace pantry_count
