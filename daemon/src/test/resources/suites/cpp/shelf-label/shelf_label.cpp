#include <string>

namespace shelf_label {
std::string code(const std::string& aisle, int shelf) {
    return aisle + "-" + std::to_string(shelf);
}

bool is_top_shelf(int shelf) { return shelf >= 5; }
}  // namespace shelf_label
