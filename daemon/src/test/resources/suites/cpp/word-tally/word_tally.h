#pragma once

#include <map>
#include <string>

namespace word_tally {
std::map<std::string, int> tally(const std::string& text);
}  // namespace word_tally
