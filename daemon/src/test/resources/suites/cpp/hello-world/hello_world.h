#include <string>

namespace hello_world {

std::string hello();

}  // namespace hello_world
