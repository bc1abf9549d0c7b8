// Micro-benchmark of the expression front end and the condition evaluator: plain timed loops,
// no framework. Built with -DDYNAFAKE_BUILD_BENCHMARKS=ON; run build/<dir>/cpp/expr/expr_bench.
// Targets (issue 3): parse of a 200-character condition under 5 us, evaluation under 1 us.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <new>
#include <string>

#include "expr/evaluate.h"
#include "expr/expressions.h"
#include "expr/parser.h"
#include "model/attribute_value.h"

// Heap allocations, counted to report allocations per operation (single-threaded program).
static int64_t g_allocations = 0;

void* operator new(size_t size) {
  ++g_allocations;
  if (void* block = std::malloc(size == 0 ? 1 : size)) {
    return block;
  }
  throw std::bad_alloc();
}

void operator delete(void* block) noexcept {
  std::free(block);
}

void operator delete(void* block, size_t) noexcept {
  std::free(block);
}

namespace {

using dynafake::expr::ExpressionKind;
using dynafake::model::AttributeValue;
using dynafake::model::Number;

// A typical 200-character condition: functions, IN, BETWEEN, nested paths, NOT, AND/OR.
constexpr const char* kCondition =
    "attribute_exists(#pk) AND #status IN (:active, :pending) AND (size(#tags) > :zero OR "
    "begins_with(#name, :prefix)) AND #info.#rating BETWEEN :low AND :high AND NOT "
    "contains(#flags, :banned)";

AttributeValue Num(const char* text) {
  return AttributeValue::FromNumber(*Number::Parse(text));
}

int64_t g_sink = 0;

// Runs `body` for about `seconds` and prints the mean time per call.
void Measure(const char* label, double seconds, const std::function<int64_t()>& body) {
  using Clock = std::chrono::steady_clock;
  for (int i = 0; i < 1000; ++i) {
    g_sink += body();
  }
  int64_t iterations = 0;
  const int64_t allocations_before = g_allocations;
  const auto start = Clock::now();
  auto now = start;
  while (std::chrono::duration<double>(now - start).count() < seconds) {
    for (int i = 0; i < 1000; ++i) {
      g_sink += body();
    }
    iterations += 1000;
    now = Clock::now();
  }
  const double ns = std::chrono::duration<double, std::nano>(now - start).count() /
                    static_cast<double>(iterations);
  const double allocations =
      static_cast<double>(g_allocations - allocations_before) / static_cast<double>(iterations);
  std::printf("%-48s %8.0f ns/op  (%6.3f us)  %5.1f allocations/op\n", label, ns, ns / 1000.0,
              allocations);
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  const std::map<std::string, std::string> names = {
      {"#pk", "pk"},     {"#status", "status"}, {"#tags", "tags"},  {"#name", "name"},
      {"#info", "info"}, {"#rating", "rating"}, {"#flags", "flags"}};
  const dynafake::model::Item values = {
      {":active", AttributeValue::String("active")},
      {":pending", AttributeValue::String("pending")},
      {":zero", Num("0")},
      {":prefix", AttributeValue::String("wid")},
      {":low", Num("1")},
      {":high", Num("5")},
      {":banned", AttributeValue::String("banned")},
  };
  const dynafake::model::Item item = {
      {"pk", AttributeValue::String("p#1")},
      {"status", AttributeValue::String("active")},
      {"tags", AttributeValue::StringSet({"a", "b"})},
      {"name", AttributeValue::String("widget")},
      {"info", AttributeValue::Map({{"rating", Num("4")}})},
      {"flags", AttributeValue::List({AttributeValue::String("new")})},
  };
  std::printf("condition: %zu characters\n", std::string(kCondition).size());

  Measure("parse (tokens, tree, text checks), uncached", seconds, [] {
    return static_cast<int64_t>(
        dynafake::expr::ParseExpression(ExpressionKind::kCondition, kCondition)->nodes.size());
  });
  Measure("parse + resolve, uncached", seconds, [&] {
    dynafake::expr::RequestExpressions request(nullptr, &names, &values);
    auto condition = request.ParseCondition(kCondition, ExpressionKind::kCondition);
    return static_cast<int64_t>(condition->children.size());
  });
  const auto cache = dynafake::expr::NewParseCache();
  Measure("parse + resolve + CheckAllUsed, cached", seconds, [&] {
    dynafake::expr::RequestExpressions request(cache.get(), &names, &values);
    auto condition = request.ParseCondition(kCondition, ExpressionKind::kCondition);
    return static_cast<int64_t>(condition->children.size()) + (request.CheckAllUsed().ok() ? 1 : 0);
  });

  dynafake::expr::RequestExpressions request(cache.get(), &names, &values);
  const auto condition = request.ParseCondition(kCondition, ExpressionKind::kCondition);
  if (!condition) {
    std::printf("unexpected error: %s\n", condition.error().message().c_str());
    return 1;
  }
  std::printf("condition holds: %s\n",
              dynafake::expr::EvaluateCondition(*condition, item) ? "yes" : "no");
  Measure("evaluate", seconds, [&] {
    return static_cast<int64_t>(dynafake::expr::EvaluateCondition(*condition, item));
  });
  return g_sink == 42 ? 2 : 0;
}
