#include "word_tally.h"

#include <cctype>

namespace word_tally {
std::map<std::string, int> tally(const std::string& text) {
    std::map<std::string, int> counts;
    std::string word;
    for (char c : text + " ") {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!word.empty()) {
            ++counts[word];
            word.clear();
        }
    }
    return counts;
}
}  // namespace word_tally
