#include "api/read/read_page.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "api/common/item_arguments.h"
#include "capacity/page_size.h"
#include "capacity/units.h"
#include "expr/evaluate.h"
#include "model/item_codec.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"
#include "wire/json_writer.h"

namespace dynafake::api {
namespace {

model::Item KeyOf(const model::Item& entry,
                  const std::vector<const model::KeyAttribute*>& key_attributes) {
  model::Item key;
  for (const model::KeyAttribute* attribute : key_attributes) {
    auto it = entry.find(attribute->name);
    if (it != entry.end()) {
      key.emplace(it->first, it->second);
    }
  }
  return key;
}

// Appends what one matching entry contributes to Items, written straight to JSON text: a page
// of items is the largest part of a read's cost, and no JSON tree is needed for it.
void AppendOutputItem(const PageRequest& request, const model::Item& entry,
                      const model::Item& source, std::string* out) {
  switch (request.select) {
    case Select::kAllProjectedAttributes:
      wire::AppendItemJson(entry, out);
      return;
    case Select::kSpecificAttributes:
      if (request.projection != nullptr) {
        wire::AppendItemJson(expr::ApplyProjection(*request.projection, source), out);
        return;
      }
      break;
    case Select::kAllAttributes:
    case Select::kCount:
      break;
  }
  wire::AppendItemJson(source, out);
}

// The page being built. Each entry is accounted for as it is read and, unless base items must be
// fetched first, filtered and turned into its JSON at once, so that it is freed before the next
// one is decoded.
class PageBuilder {
 public:
  explicit PageBuilder(const PageRequest& request)
      : request_(request),
        key_attributes_(StartKeyAttributes(request.table->key_schema(), request.index)) {
    const model::KeySchema& table_key = request.table->key_schema();
    if (table_key.range) {
      range_key_name_ = table_key.range->name;
    }
    if (request.select != Select::kCount) {
      items_text_.reserve(
          static_cast<size_t>(std::min<int64_t>(request.limit.value_or(128), 1024)) * 256);
      items_text_.push_back('[');
    }
  }

  // Accounts for one entry read. True when the page is full after it: DynamoDB ends a page after
  // the entry that reaches the Limit (entries read, before the filter) or brings the page to 1 MB,
  // and then returns that last entry's key as LastEvaluatedKey even when nothing follows it
  // (conformance/test_query.py::test_limit_counts_entries_read,
  // test_query.py::test_last_page_at_limit_has_last_evaluated_key).
  Result<bool> Read(std::string_view encoded, const model::Item* entry) {
    ++scanned_;
    DF_ASSIGN_OR_RETURN(const capacity::EntrySizes sizes,
                        capacity::MeasureEntry(encoded, range_key_name_));
    page_bytes_ += sizes.page_size;
    entry_bytes_ += sizes.item_size;
    const bool full =
        (request_.limit && scanned_ >= *request_.limit) || page_bytes_ >= capacity::kMaxPageBytes;
    if (full) {
      if (entry != nullptr) {
        last_evaluated_key_ = KeyOf(*entry, key_attributes_);
      } else {
        DF_ASSIGN_OR_RETURN(const model::Item decoded, model::DecodeItem(encoded));
        last_evaluated_key_ = KeyOf(decoded, key_attributes_);
      }
    }
    return full;
  }

  // True when each entry must be built as an item: to filter it or project it. Otherwise it is
  // copied out straight from its encoding, which is most of the cost of a plain page saved (base
  // item fetches build items on their own path); its size is read from the encoding either way.
  bool BuildsItems() const {
    return request_.filter != nullptr ||
           (request_.select == Select::kSpecificAttributes && request_.projection != nullptr);
  }

  // True when the page's consumed capacity is needed: reported, or metered.
  bool SizesEntries() const {
    return request_.capacity_mode != ReturnConsumedCapacity::kNone ||
           (request_.meter != nullptr && request_.meter->metering());
  }

  // Adds one entry read that needs no filter nor projection, from its encoding.
  Status AddEncoded(std::string_view encoded) {
    ++count_;
    if (request_.select == Select::kCount) {
      return Status::Ok();
    }
    if (count_ > 1) {
      items_text_.push_back(',');
    }
    return wire::AppendEncodedItemJson(encoded, &items_text_);
  }

  // Filters one entry read (`source`: its base item when fetched, else the entry) and adds it.
  void Add(const model::Item& entry, const model::Item& source) {
    if (request_.filter != nullptr && !expr::EvaluateCondition(*request_.filter, source)) {
      return;
    }
    ++count_;
    if (request_.select != Select::kCount) {
      if (count_ > 1) {
        items_text_.push_back(',');
      }
      AppendOutputItem(request_, entry, source, &items_text_);
    }
  }

  void AddFetched(int64_t bytes) { fetched_bytes_ = fetched_bytes_.value_or(0) + bytes; }

  wire::Json Finish();

 private:
  void AddCapacity(wire::Json* response) const;

  const PageRequest& request_;
  const std::vector<const model::KeyAttribute*> key_attributes_;
  std::string_view range_key_name_;
  std::string items_text_;  // the JSON array of Items, being written
  int64_t scanned_ = 0;
  int64_t count_ = 0;
  int64_t entry_bytes_ = 0;  // model::ItemSize of every entry read
  int64_t page_bytes_ = 0;   // capacity::PageSize of every entry read
  std::optional<int64_t> fetched_bytes_;
  std::optional<model::Item> last_evaluated_key_;
};

wire::Json PageBuilder::Finish() {
  wire::Json response = wire::Json::object();
  if (request_.select != Select::kCount) {
    items_text_.push_back(']');
    response["Items"] = wire::RawJson(items_text_);
  }
  response["Count"] = count_;
  response["ScannedCount"] = scanned_;
  if (last_evaluated_key_) {
    response["LastEvaluatedKey"] = wire::ItemToJson(*last_evaluated_key_);
  }
  AddCapacity(&response);
  return response;
}

// The base item of a local secondary index entry (nullopt if it is gone since the entry was read).
Result<std::optional<model::Item>> FetchBaseItem(const table::Table& table,
                                                 const model::Item& entry) {
  std::optional<model::Item> key = table.key_schema().ExtractKey(entry);
  if (!key) {
    return std::optional<model::Item>();
  }
  return table.GetItem(*key);
}

// DynamoDB: a page costs the summed size of every entry read, rounded up once per page (the
// minimum for an empty one); an index read charges only the index, and in INDEXES mode carries
// no Table member unless a local index fetched base items, which the table pays for
// (conformance/test_query.py::test_consumed_capacity_per_page,
// test_indexes.py::test_index_read_capacity).
void PageBuilder::AddCapacity(wire::Json* response) const {
  if (!SizesEntries()) {
    return;
  }
  ConsumedCapacity consumed{std::string(request_.table_name)};
  const double units = capacity::ReadUnits(entry_bytes_, request_.consistent_read);
  if (request_.index == nullptr) {
    consumed.table_units = units;
  } else {
    (request_.index->global ? consumed.global_secondary_index_units
                            : consumed.local_secondary_index_units)[request_.index->index_name] =
        units;
    if (fetched_bytes_) {
      consumed.table_units = capacity::ReadUnits(*fetched_bytes_, request_.consistent_read);
    }
  }
  if (request_.meter != nullptr) {
    request_.meter->Charge(capacity::Operation::kRead, consumed, request_.partition,
                           request_.index);
  }
  if (request_.capacity_mode == ReturnConsumedCapacity::kNone) {
    return;
  }
  wire::Json json = ConsumedCapacityToJson(consumed, request_.capacity_mode);
  if (request_.index != nullptr && !fetched_bytes_) {
    json.erase("Table");
  }
  (*response)["ConsumedCapacity"] = std::move(json);
}

}  // namespace

PageRequest MakePageRequest(const ReadTarget& target, const wire::Json& request,
                            std::string_view table_name,
                            const std::optional<expr::Condition>& filter,
                            const std::optional<expr::Projection>& projection,
                            const std::vector<const expr::Path*>& filter_paths) {
  PageRequest page;
  page.table = target.table.get();
  page.index = target.index ? &*target.index : nullptr;
  page.table_name = table_name;
  page.limit = LimitArgument(request);
  page.consistent_read = BoolMember(request, "ConsistentRead");
  page.filter = filter ? &*filter : nullptr;
  page.projection = projection ? &*projection : nullptr;
  page.select =
      EffectiveSelect(SelectArgument(request), projection.has_value(), page.index != nullptr);
  page.fetch_base_items =
      page.index != nullptr && NeedsBaseItems(*page.index, target.table->key_schema(), page.select,
                                              projection, filter_paths);
  page.capacity_mode = ParseReturnConsumedCapacity(request);
  return page;
}

Result<wire::Json> ReadPage(const PageRequest& request) {
  if (request.meter != nullptr) {
    DF_RETURN_IF_ERROR(request.meter->AdmitRead(request.index, request.partition));
  }
  PageBuilder page(request);
  if (!request.fetch_base_items) {
    const bool builds_items = page.BuildsItems();
    DF_RETURN_IF_ERROR(request.table->VisitEntries(
        request.range, request.start_after, request.forward,
        [&page, builds_items](std::string_view, std::string_view encoded) -> Result<bool> {
          if (!builds_items) {
            DF_ASSIGN_OR_RETURN(const bool full, page.Read(encoded, nullptr));
            DF_RETURN_IF_ERROR(page.AddEncoded(encoded));
            return !full;
          }
          DF_ASSIGN_OR_RETURN(const model::Item entry, model::DecodeItem(encoded));
          DF_ASSIGN_OR_RETURN(const bool full, page.Read(encoded, &entry));
          page.Add(entry, entry);
          return !full;
        }));
    return page.Finish();
  }
  // Base items are read once the page's entries are known, outside the entries' snapshot.
  std::vector<model::Item> entries;
  DF_RETURN_IF_ERROR(request.table->VisitEntries(
      request.range, request.start_after, request.forward,
      [&page, &entries](std::string_view, std::string_view encoded) -> Result<bool> {
        DF_ASSIGN_OR_RETURN(model::Item entry, model::DecodeItem(encoded));
        DF_ASSIGN_OR_RETURN(const bool full, page.Read(encoded, &entry));
        entries.push_back(std::move(entry));
        return !full;
      }));
  for (const model::Item& entry : entries) {
    DF_ASSIGN_OR_RETURN(std::optional<model::Item> base, FetchBaseItem(*request.table, entry));
    page.AddFetched(base ? static_cast<int64_t>(model::ItemSize(*base)) : 0);
    page.Add(entry, base ? *base : entry);
  }
  return page.Finish();
}

}  // namespace dynafake::api
