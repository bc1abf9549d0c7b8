// Item <-> storage bytes. The first byte is the format version; type tags are never renumbered.
#pragma once

#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace dynafake::model {

// Appends the encoding of `item` to *out.
void EncodeItem(const Item& item, std::string* out);

// Fails with InternalServerError on bytes this version cannot read (corruption, newer format).
Result<Item> DecodeItem(std::string_view bytes);

}  // namespace dynafake::model
