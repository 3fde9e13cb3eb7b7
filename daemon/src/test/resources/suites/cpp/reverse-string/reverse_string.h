#pragma once

#include <string>

namespace reverse_string {

std::string reverse_string(std::string_view text);

}  // namespace reverse_string
