// The JSON facade: the only header that names the JSON library. Layers above use wire::Json.
#pragma once

#include <nlohmann/json.hpp>

namespace dynafake::wire {

using Json = nlohmann::json;

}  // namespace dynafake::wire
