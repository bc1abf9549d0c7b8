#include "capacity/page_size.h"

#include <array>

#include "model/attribute_value.h"
#include "model/item_codec.h"
#include "model/number.h"
#include "util/result.h"

namespace dynafake::capacity {
namespace {

using model::AttributeType;

constexpr int64_t kBlockBytes = 3072;
constexpr int64_t kBlockOverhead = 18;
constexpr int64_t kItemOverhead = 2;

// DynamoDB: the page limit counts items in a compact storage format, reverse-engineered against
// the service by dynalite (db/index.js itemSize with compress and addMetaSize): every attribute
// name costs 1 byte whatever its length, a string carries a 1-3 byte length prefix, numbers and
// binaries 1 byte, sets 1 byte per member plus 1, NULL nothing, a list 3 bytes plus 1 per
// element, a map 3 bytes plus 2 per member (conformance/test_query.py::
// test_page_stops_at_one_megabyte).
class PageSizeCounter final : public model::EncodedItemVisitor {
 public:
  explicit PageSizeCounter(std::string_view range_key_name) : range_key_name_(range_key_name) {}

  // model::ItemSize of the item: each attribute's name and value size, a nested map or list 3
  // bytes plus 1 per member or element (and a map member's name), a set its members' sizes.
  int64_t item_size() const { return item_size_; }

  int64_t Total() const {
    const int64_t blocks = 1 + (1 + body_) / kBlockBytes;
    return kItemOverhead + body_ + blocks * (kBlockOverhead + range_key_size_);
  }

  void BeginMap(size_t size) override {
    if (depth_ > 0) {
      NestedValue();
      item_size_ += 3;
    }
    Open(Kind::kMap, size);
  }

  void MemberName(std::string_view name) override {
    item_size_ += static_cast<int64_t>(name.size()) + (depth_ > 1 ? 1 : 0);
    if (depth_ == 1) {
      // The first byte first: most names differ there, without a call to compare the rest.
      in_range_key_ = !name.empty() && name.size() == range_key_name_.size() &&
                      name[0] == range_key_name_[0] && name == range_key_name_;
    }
  }

  void EndMap() override { Close(); }

  void BeginList(size_t size) override {
    NestedValue();
    item_size_ += 3;
    Open(Kind::kList, size);
  }

  void EndList() override { Close(); }

  void BeginSet(AttributeType /*type*/, size_t size) override {
    NestedValue();
    Open(Kind::kSet, size);
  }

  void EndSet() override { Close(); }

  void StringOrBinary(AttributeType type, std::string_view bytes) override {
    const auto size = static_cast<int64_t>(bytes.size());
    const int64_t prefix = type == AttributeType::kB ? 1 : (size < 128 ? 1 : size < 16384 ? 2 : 3);
    Scalar(size, size + prefix);
  }

  void NumberParts(bool negative, int32_t exponent, std::string_view digits) override {
    const auto size =
        static_cast<int64_t>(model::Number::SizeOf(negative, exponent, digits.size()));
    Scalar(size, size + 1);
  }

  void Bool(bool /*value*/) override { Scalar(1, 1); }

  void Null() override { Scalar(1, 0); }

 private:
  enum class Kind : uint8_t { kMap, kList, kSet };

  struct Frame {
    Kind kind;
    int64_t members;
    int64_t sum;
  };

  Frame& Top() { return frames_[depth_ - 1]; }

  void Open(Kind kind, size_t size) {
    frames_[depth_++] = Frame{kind, static_cast<int64_t>(size), 0};
  }

  // A list element adds 1 to the item size for its position.
  void NestedValue() {
    if (Top().kind == Kind::kList) {
      item_size_ += 1;
    }
  }

  // A set member adds its plain size; any other value its stored size. Every scalar adds its
  // plain size to the item size.
  void Scalar(int64_t plain, int64_t stored) {
    item_size_ += plain;
    if (Top().kind == Kind::kSet) {
      Top().sum += plain;
      return;
    }
    NestedValue();
    if (depth_ == 1 && in_range_key_) {
      range_key_size_ = plain;
      return;
    }
    Add(stored);
  }

  // Adds a value's stored size to the container it is in.
  void Add(int64_t stored) {
    if (depth_ == 1) {
      body_ += stored + 1;
    } else {
      Top().sum += stored + 1;  // a map member's name byte, or a list element's prefix byte
    }
  }

  void Close() {
    const Frame frame = Top();
    --depth_;
    if (depth_ == 0) {
      return;  // the item itself
    }
    switch (frame.kind) {
      case Kind::kMap:
        Add(3 + frame.members + frame.sum);
        return;
      case Kind::kList:
        Add(3 + frame.sum);
        return;
      case Kind::kSet:
        Add(frame.sum + frame.members + 1);
        return;
    }
  }

  const std::string_view range_key_name_;
  size_t depth_ = 0;
  // VisitEncodedItem bounds the nesting, so the open containers fit here; left uninitialized, as
  // only the frames below depth_ are read.
  std::array<Frame, model::kMaxOpenContainers> frames_;
  bool in_range_key_ = false;
  int64_t body_ = 0;
  int64_t range_key_size_ = 0;
  int64_t item_size_ = 0;
};

}  // namespace

Result<EntrySizes> MeasureEntry(std::string_view encoded_item,
                                std::string_view table_range_key_name) {
  PageSizeCounter counter(table_range_key_name);
  DF_RETURN_IF_ERROR(model::VisitEncodedItemDirect(encoded_item, &counter));
  return EntrySizes{counter.Total(), counter.item_size()};
}

Result<int64_t> PageSize(std::string_view encoded_item, std::string_view table_range_key_name) {
  DF_ASSIGN_OR_RETURN(const EntrySizes sizes, MeasureEntry(encoded_item, table_range_key_name));
  return sizes.page_size;
}

}  // namespace dynafake::capacity
