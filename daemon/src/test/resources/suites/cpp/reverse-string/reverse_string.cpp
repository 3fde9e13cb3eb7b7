#include "reverse_string.h"

namespace reverse_string {

std::string reverse_string(std::string_view text) {
    return std::string(text.rbegin(), text.rend());
}

}  // namespace reverse_string
