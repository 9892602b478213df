#include "split_fold.h"

#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cooc/ingest.h"
#include "cooc/report.h"
#include "cooc/split_fold.h"
#include "counting.h"
#include "python_values.h"

namespace cooc::python {
namespace {

// A ShardTask as a dict, which pickles to a worker as plain values.
py::dict TaskRecord(const ShardTask& task) {
  py::dict record;
  record["shard"] = task.shard;
  record["types"] = task.types;
  record["final_values"] = task.final_values;
  record["right_index"] = task.right_index;
  record["symmetric"] = task.symmetric;
  record["table_file"] = task.table_file;
  record["marginals_file"] = task.marginals_file;
  return record;
}

ShardTask TaskOf(const py::dict& record) {
  ShardTask task;
  task.shard = record["shard"].cast<int>();
  task.types = record["types"].cast<uint64_t>();
  task.final_values = record["final_values"].cast<bool>();
  task.right_index = record["right_index"].cast<bool>();
  task.symmetric = record["symmetric"].cast<bool>();
  task.table_file = record["table_file"].cast<std::string>();
  task.marginals_file = record["marginals_file"].cast<std::string>();
  return task;
}

// The client's side: the database held from the constructor to commit()
// or close().
class PythonSplitFold {
 public:
  PythonSplitFold(const std::string& db, const std::vector<std::string>& parts,
                  const std::string& work_dir, bool force,
                  const std::optional<std::vector<FileEntry>>& files) {
    IngestOptions options;
    options.force = force;
    if (files) options.journal = JournalOf(*files);
    absl::StatusOr<std::unique_ptr<SplitFold>> fold;
    {
      py::gil_scoped_release release;
      fold = SplitFold::Begin(db, parts, work_dir, options);
    }
    fold_ = ValueOrRaise(std::move(fold));
  }

  SplitFold& fold() {
    if (fold_ == nullptr) Raise(PyExc_ValueError, "the fold is closed");
    return *fold_;
  }

  py::dict Commit() {
    SplitFold& split = fold();
    absl::StatusOr<IngestSummary> summary;
    {
      py::gil_scoped_release release;
      summary = split.Commit();
    }
    py::dict record = Record(IngestReport(ValueOrRaise(std::move(summary))));
    Close();
    return record;
  }

  void Close() {
    py::gil_scoped_release release;
    fold_.reset();
  }

 private:
  std::unique_ptr<SplitFold> fold_;
};

}  // namespace

void DefineSplitFold(py::module_& m) {
  py::class_<PythonSplitFold>(m, "_SplitFold")
      .def(py::init<const std::string&, const std::vector<std::string>&,
                    const std::string&, bool,
                    const std::optional<std::vector<FileEntry>>&>(),
           py::arg("db"), py::arg("parts"), py::arg("work_dir"),
           py::arg("force"), py::arg("files") = py::none())
      .def_property_readonly(
          "map_files",
          [](PythonSplitFold& self) {
            std::vector<std::string> files;
            for (size_t p = 0; p < self.fold().parts(); ++p) {
              files.push_back(self.fold().map_file(p));
            }
            return files;
          })
      .def_property_readonly(
          "run_files",
          [](PythonSplitFold& self) { return self.fold().run_files(); })
      .def_property_readonly(
          "shard_tasks",
          [](PythonSplitFold& self) {
            py::list tasks;
            for (int k = 0; k < self.fold().shards(); ++k) {
              tasks.append(TaskRecord(self.fold().shard_task(k)));
            }
            return tasks;
          })
      .def("commit", &PythonSplitFold::Commit)
      .def("close", &PythonSplitFold::Close);

  m.def(
      "remap_part",
      [](const std::string& part, const std::string& map_file,
         const std::string& run_file, int64_t memory) {
        if (memory < 16) {
          Raise(PyExc_ValueError,
                absl::StrCat("memory must be at least 16 (MiB), not ", memory));
        }
        absl::Status status;
        {
          py::gil_scoped_release release;
          status = RemapPartTask(part, map_file, run_file,
                                 static_cast<uint64_t>(memory));
        }
        OkOrRaise(status);
      },
      py::arg("part"), py::arg("map_file"), py::arg("run_file"),
      py::arg("memory"));
  m.def(
      "write_shard",
      [](const py::dict& task, const std::vector<std::string>& run_files) {
        const ShardTask shard_task = TaskOf(task);
        absl::Status status;
        {
          py::gil_scoped_release release;
          status = WriteShardTask(shard_task, run_files);
        }
        OkOrRaise(status);
      },
      py::arg("task"), py::arg("run_files"));
}

}  // namespace cooc::python
