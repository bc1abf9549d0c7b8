// dynafake._core: the Python extension module, a thin shell over <dynafake/engine.h>.
//
// Options come in as a dict, requests as (region, target, body) and responses go back as plain
// tuples; the GIL is released only while the engine itself runs. The module knows nothing about
// DynamoDB: every outcome of a request, errors included, is the engine's wire response. Only
// engine-level failures (an unopenable LevelDB path, a closed engine) raise, as
// dynafake._core.EngineError through one translator.
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "dynafake/clock.h"
#include "dynafake/engine.h"
#include "dynafake/options.h"
#include "dynafake/response.h"
#include "dynafake/status.h"
#include "dynafake/version.h"

namespace py = pybind11;

namespace dynafake::pybind {
namespace {

// The one C++ exception this module throws on purpose; registered as dynafake._core.EngineError.
class EngineFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Seconds (Python floats) to the engine's microseconds, rounded to the nearest microsecond.
int64_t SecondsToMicros(double seconds) {
  // 9.2e12 seconds is the int64 microsecond range; beyond it llround is undefined.
  constexpr double kLimitSeconds = 9.2e12;
  if (!std::isfinite(seconds) || std::fabs(seconds) > kLimitSeconds) {
    throw py::value_error("seconds must be a finite number within the clock's range");
  }
  return static_cast<int64_t>(std::llround(seconds * 1e6));
}

// Reads the options dict; unknown keys are a programming error on the caller's side.
EngineOptions ParseOptions(const py::dict& options) {
  EngineOptions parsed;
  for (const auto& [key, value] : options) {
    const std::string name = py::cast<std::string>(key);
    if (name == "path") {
      if (!value.is_none()) {
        parsed.path = py::cast<std::string>(value);
      }
    } else if (name == "account_id") {
      parsed.account_id = py::cast<std::string>(value);
    } else if (name == "frozen_at") {
      if (!value.is_none()) {
        parsed.clock = std::make_shared<SettableClock>(SecondsToMicros(py::cast<double>(value)));
      }
    } else if (name == "table_transition_seconds") {
      const double seconds = py::cast<double>(value);
      if (!std::isfinite(seconds) || seconds < 0) {
        throw py::value_error("table_transition_seconds must be a finite number >= 0");
      }
      parsed.table_transition_seconds = seconds;
    } else if (name == "item_collection_size_limit_bytes") {
      const int64_t bytes = py::cast<int64_t>(value);
      if (bytes < 0) {
        throw py::value_error("item_collection_size_limit_bytes must be >= 0");
      }
      parsed.item_collection_size_limit_bytes = bytes;
    } else if (name == "ttl_sweep_interval_seconds") {
      const double seconds = py::cast<double>(value);
      if (!std::isfinite(seconds) || seconds < 0) {
        throw py::value_error("ttl_sweep_interval_seconds must be a finite number >= 0");
      }
      parsed.ttl_sweep_interval_seconds = seconds;
    } else if (name == "background_sweeps") {
      parsed.background_sweeps = py::cast<bool>(value);
    } else if (name == "capacity") {
      parsed.capacity_mode = py::cast<std::string>(value);
    } else if (name == "durability") {
      parsed.durability = py::cast<std::string>(value);
    } else {
      throw py::type_error("unknown engine option: '" + name + "'");
    }
  }
  return parsed;
}

// A hold from Engine::HoldNextTransaction. It keeps the engine alive, so that a transaction stopped
// there can always be released.
class PyTransactionHold {
 public:
  PyTransactionHold(std::shared_ptr<Engine> engine, std::unique_ptr<TransactionHold> hold)
      : engine_(std::move(engine)), hold_(std::move(hold)) {}

  bool Wait(double timeout_seconds) {
    const int64_t micros = SecondsToMicros(timeout_seconds);
    if (micros < 0) {
      throw py::value_error("timeout must be >= 0");
    }
    py::gil_scoped_release release;
    return hold_->Wait(micros);
  }

  void Release() { hold_->Release(); }

 private:
  std::shared_ptr<Engine> engine_;
  std::unique_ptr<TransactionHold> hold_;
};

// Owns one engine. Every member access happens with the GIL held; the engine itself is shared with
// in-flight calls, so close() during a call on another thread only drops this handle's reference.
class PyEngine {
 public:
  explicit PyEngine(const py::dict& options) {
    EngineOptions parsed = ParseOptions(options);
    std::unique_ptr<Engine> opened;
    Status status;
    {
      py::gil_scoped_release release;
      Result<std::unique_ptr<Engine>> result = Engine::Open(std::move(parsed));
      if (result.has_value()) {
        opened = std::move(result).value();
      } else {
        status = result.error();
      }
    }
    ThrowIfInvalid(status);
    if (!status.ok()) {
      throw EngineFailure(status.ToString());
    }
    engine_ = std::shared_ptr<Engine>(std::move(opened));
  }

  py::tuple Handle(const py::str& region, const py::str& target, const py::bytes& body) {
    std::shared_ptr<Engine> engine = Acquire();
    // The views point into Python objects the caller keeps alive for the whole call.
    const std::string_view region_view = ViewOf(region);
    const std::string_view target_view = ViewOf(target);
    const std::string_view body_view = body;
    Response response;
    {
      py::gil_scoped_release release;
      response = engine->Handle(region_view, target_view, body_view);
    }
    py::list headers(response.headers.size());
    for (size_t i = 0; i < response.headers.size(); ++i) {
      headers[i] =
          py::make_tuple(py::str(response.headers[i].first), py::str(response.headers[i].second));
    }
    return py::make_tuple(response.http_status, std::move(headers),
                          py::bytes(response.body.data(), response.body.size()),
                          response.retryable);
  }

  double Now() { return Acquire()->clock().NowSeconds(); }

  void ClockSet(double seconds) { Acquire()->clock().Set(SecondsToMicros(seconds)); }

  void ClockAdvance(double seconds) {
    const int64_t micros = SecondsToMicros(seconds);
    if (micros < 0) {
      throw py::value_error("the clock only advances: seconds must be >= 0");
    }
    Acquire()->clock().Advance(micros);
  }

  void ClockFreeze() { Acquire()->clock().Freeze(); }

  void ClockUnfreeze() { Acquire()->clock().Unfreeze(); }

  bool ClockFrozen() { return Acquire()->clock().frozen(); }

  void RunDue() {
    std::shared_ptr<Engine> engine = Acquire();
    py::gil_scoped_release release;
    engine->RunDue();
  }

  int64_t SweepTimeToLive() {
    std::shared_ptr<Engine> engine = Acquire();
    Result<int64_t> swept = 0;
    {
      py::gil_scoped_release release;
      swept = engine->SweepTimeToLive();
    }
    if (!swept.has_value()) {
      throw EngineFailure(swept.error().ToString());
    }
    return swept.value();
  }

  uint64_t StreamSequence() { return Acquire()->StreamSequence(); }

  std::string CapacityMode(const std::string& region, const std::optional<std::string>& table) {
    Result<std::string> mode = Acquire()->CapacityMode(region, table.value_or(""));
    ThrowIfInvalid(mode.status());
    return mode.value();
  }

  void SetCapacityMode(const std::string& region, const std::optional<std::string>& table,
                       const std::optional<std::string>& mode) {
    if (!table.has_value() && !mode.has_value()) {
      throw py::value_error("the engine's capacity mode cannot be unset");
    }
    ThrowIfInvalid(Acquire()->SetCapacityMode(region, table.value_or(""), mode.value_or("")));
  }

  void ResetCapacityUsage() { Acquire()->ResetCapacityUsage(); }

  std::string CapacityReport() {
    std::shared_ptr<Engine> engine = Acquire();
    py::gil_scoped_release release;
    return engine->CapacityReport();
  }

  void AutoScale(const std::string& region, const std::string& table, const std::string& index,
                 double min_units, double max_units, double target_utilization, bool read,
                 bool write) {
    const AutoScalingPolicy policy{.min_units = min_units,
                                   .max_units = max_units,
                                   .target_utilization = target_utilization,
                                   .read = read,
                                   .write = write};
    ThrowIfInvalid(Acquire()->AutoScale(region, table, index, policy));
  }

  void RemoveAutoScaling(const std::string& region, const std::string& table,
                         const std::string& index, bool read, bool write) {
    ThrowIfInvalid(Acquire()->RemoveAutoScaling(region, table, index, read, write));
  }

  PyTransactionHold HoldNextTransaction() {
    std::shared_ptr<Engine> engine = Acquire();
    std::unique_ptr<TransactionHold> hold = engine->HoldNextTransaction();
    return PyTransactionHold(std::move(engine), std::move(hold));
  }

  // Idempotent. A persistent engine releases its database once no call is in flight.
  void Close() {
    std::shared_ptr<Engine> engine = std::move(engine_);
    py::gil_scoped_release release;
    engine.reset();
  }

  bool closed() const { return engine_ == nullptr; }

 private:
  std::shared_ptr<Engine> Acquire() const {
    if (engine_ == nullptr) {
      throw EngineFailure("the engine is closed");
    }
    return engine_;
  }

  // A bad argument (a ValidationException or ResourceNotFoundException from the engine) is the
  // caller's ValueError; any other failure the engine's.
  static void ThrowIfInvalid(const Status& status) {
    if (status.ok()) {
      return;
    }
    if (status.code() == ErrorCode::kValidation || status.code() == ErrorCode::kResourceNotFound) {
      throw py::value_error(status.message());
    }
    throw EngineFailure(status.ToString());
  }

  static std::string_view ViewOf(const py::str& text) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
    if (data == nullptr) {
      throw py::error_already_set();
    }
    return std::string_view(data, static_cast<size_t>(size));
  }

  std::shared_ptr<Engine> engine_;
};

}  // namespace
}  // namespace dynafake::pybind

PYBIND11_MODULE(_core, m) {
  using dynafake::pybind::EngineFailure;
  using dynafake::pybind::PyEngine;
  using dynafake::pybind::PyTransactionHold;

  m.doc() = "dynafake's C++ engine: DynamoDB's JSON 1.0 protocol served in-process.";
  m.attr("__version__") = DYNAFAKE_VERSION;
  py::register_exception<EngineFailure>(m, "EngineError", PyExc_RuntimeError);

  py::class_<PyTransactionHold>(m, "TransactionHold")
      .def("wait", &PyTransactionHold::Wait, py::arg("timeout"),
           "Waits up to timeout seconds for a transaction to stop at the hold; True once one has.")
      .def("release", &PyTransactionHold::Release, "Lets the held transaction go on.");

  py::class_<PyEngine>(m, "Engine")
      .def(py::init<const py::dict&>(), py::arg("options"),
           "Opens an engine. options: path (str | None), account_id (str), frozen_at (float epoch "
           "seconds | None: the clock starts frozen there), table_transition_seconds (float), "
           "item_collection_size_limit_bytes (int), ttl_sweep_interval_seconds (float), "
           "background_sweeps (bool), capacity ('off' | 'track' | 'enforce').")
      .def("handle", &PyEngine::Handle, py::arg("region"), py::arg("target"), py::arg("body"),
           "Serves one request: returns (http_status, headers, body, retryable).")
      .def("now", &PyEngine::Now, "The engine clock, in epoch seconds.")
      .def("clock_set", &PyEngine::ClockSet, py::arg("seconds"))
      .def("clock_advance", &PyEngine::ClockAdvance, py::arg("seconds"))
      .def("clock_freeze", &PyEngine::ClockFreeze)
      .def("clock_unfreeze", &PyEngine::ClockUnfreeze)
      .def("clock_frozen", &PyEngine::ClockFrozen)
      .def("run_due", &PyEngine::RunDue, "Runs background work due by the clock.")
      .def("ttl_sweep", &PyEngine::SweepTimeToLive,
           "Runs a Time to Live sweep now; returns the number of expired items deleted.")
      .def("stream_next_sequence", &PyEngine::StreamSequence,
           "A number that grows whenever a stream record is added anywhere in the engine.")
      .def("hold_next_transaction", &PyEngine::HoldNextTransaction,
           "Arms a hold: the next TransactWriteItems stops in flight until the hold is released.")
      .def("capacity_mode", &PyEngine::CapacityMode, py::arg("region"), py::arg("table"),
           "The capacity mode of a table, or the engine's default when table is None.")
      .def("capacity_set_mode", &PyEngine::SetCapacityMode, py::arg("region"), py::arg("table"),
           py::arg("mode"),
           "Sets a table's capacity mode (None: back to the default), or the engine's default "
           "when table is None.")
      .def("capacity_autoscale", &PyEngine::AutoScale, py::arg("region"), py::arg("table"),
           py::arg("index"), py::arg("min_units"), py::arg("max_units"),
           py::arg("target_utilization"), py::arg("read"), py::arg("write"),
           "Puts a target-tracking auto scaling policy on a table (index '') or a global "
           "secondary index.")
      .def("capacity_remove_autoscale", &PyEngine::RemoveAutoScaling, py::arg("region"),
           py::arg("table"), py::arg("index"), py::arg("read"), py::arg("write"),
           "Removes auto scaling from a table's or index's read and/or write capacity.")
      .def("capacity_report", &PyEngine::CapacityReport,
           "The capacity report as JSON text (api/capacity/capacity_report.h).")
      .def("capacity_reset", &PyEngine::ResetCapacityUsage,
           "Forgets the capacity consumption recorded so far.")
      .def("close", &PyEngine::Close)
      .def_property_readonly("closed", &PyEngine::closed);
}
