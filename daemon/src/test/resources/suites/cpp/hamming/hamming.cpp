#include "hamming.h"

#include <stdexcept>

namespace hamming {

std::size_t compute(const std::string& strand1, const std::string& strand2) {
    if (strand1.size() != strand2.size()) {
        throw std::domain_error("strands must be of equal length");
    }
    std::size_t distance = 0;
    for (std::size_t i = 0; i < strand1.size(); ++i) {
        if (strand1[i] != strand2[i]) {
            ++distance;
        }
    }
    return distance;
}

}  // namespace hamming
