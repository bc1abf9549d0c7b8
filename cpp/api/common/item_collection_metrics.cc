#include "api/common/item_collection_metrics.h"

#include <cmath>
#include <string>

#include "wire/attribute_value_json.h"

namespace dynafake::api {
namespace {

constexpr double kBytesPerGb = 1024.0 * 1024.0 * 1024.0;

}  // namespace

bool WantsItemCollectionMetrics(const wire::Json& request) {
  auto it = request.find("ReturnItemCollectionMetrics");
  return it != request.end() && it->is_string() && it->get_ref<const std::string&>() == "SIZE";
}

wire::Json SizeEstimateRangeGb(int64_t size_bytes) {
  // DynamoDB: the estimate is a range of whole gigabytes around the size; a small collection
  // reports [0.0, 1.0]. The service does not document how it rounds, so the range here is the
  // whole-gigabyte interval that holds the size.
  const double lower = std::floor(static_cast<double>(size_bytes) / kBytesPerGb);
  return wire::Json::array({lower, lower + 1.0});
}

std::optional<wire::Json> ItemCollectionMetricsOf(const model::KeySchema& key_schema,
                                                  const model::Item& key,
                                                  const table::WriteResult& written) {
  if (!written.item_collection_size) {
    return std::nullopt;
  }
  auto hash = key.find(key_schema.hash.name);
  if (hash == key.end()) {
    return std::nullopt;
  }
  wire::Json collection_key = wire::Json::object();
  collection_key[hash->first] = wire::AttributeValueToJson(hash->second);
  return wire::Json{{"ItemCollectionKey", std::move(collection_key)},
                    {"SizeEstimateRangeGB", SizeEstimateRangeGb(*written.item_collection_size)}};
}

void AddItemCollectionMetrics(const wire::Json& request, const model::KeySchema& key_schema,
                              const model::Item& key, const table::WriteResult& written,
                              wire::Json* response) {
  if (!WantsItemCollectionMetrics(request)) {
    return;
  }
  if (std::optional<wire::Json> metrics = ItemCollectionMetricsOf(key_schema, key, written)) {
    (*response)["ItemCollectionMetrics"] = std::move(*metrics);
  }
}

}  // namespace dynafake::api
