#include "streams/shard_iterator.h"

#include "util/base64.h"
#include "util/coding.h"
#include "util/hash.h"

namespace dynafake::streams {
namespace {

constexpr std::string_view kSeparator = "|1|";

// Covers the ARN and the payload, so an iterator edited or moved to another stream is refused.
uint64_t Checksum(std::string_view stream_arn, std::string_view payload) {
  std::string covered(stream_arn);
  covered += '\0';
  covered += payload;
  return util::Hash64(covered);
}

}  // namespace

std::string EncodeShardIterator(const ShardPosition& position) {
  std::string payload;
  util::PutLengthPrefixed(&payload, position.shard_id);
  util::PutVarint64(&payload, position.next_sequence);
  util::PutVarint64(&payload, static_cast<uint64_t>(position.issued_micros));
  util::PutFixed64BigEndian(&payload, Checksum(position.stream_arn, payload));
  std::string text = position.stream_arn;
  text += kSeparator;
  text += util::Base64Encode(payload);
  return text;
}

std::optional<ShardPosition> DecodeShardIterator(std::string_view text) {
  const size_t separator = text.rfind(kSeparator);
  if (separator == std::string_view::npos) {
    return std::nullopt;
  }
  std::optional<std::string> payload =
      util::Base64Decode(text.substr(separator + kSeparator.size()));
  if (!payload || payload->size() < 8) {
    return std::nullopt;
  }
  ShardPosition position;
  position.stream_arn = std::string(text.substr(0, separator));
  std::string_view checksum_bytes = std::string_view(*payload).substr(payload->size() - 8);
  const std::string_view body = std::string_view(*payload).substr(0, payload->size() - 8);
  uint64_t checksum = 0;
  if (!util::GetFixed64BigEndian(&checksum_bytes, &checksum) ||
      checksum != Checksum(position.stream_arn, body)) {
    return std::nullopt;
  }
  std::string_view input = body;
  std::string_view shard_id;
  uint64_t issued = 0;
  if (!util::GetLengthPrefixed(&input, &shard_id) ||
      !util::GetVarint64(&input, &position.next_sequence) || !util::GetVarint64(&input, &issued) ||
      !input.empty()) {
    return std::nullopt;
  }
  position.shard_id = std::string(shard_id);
  position.issued_micros = static_cast<int64_t>(issued);
  return position;
}

}  // namespace dynafake::streams
