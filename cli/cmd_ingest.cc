// splot ingest: documents in, facts out, into the store.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "ingest/dry_run.h"
#include "ingest/graph_writer.h"
#include "ingest/pipeline.h"
#include "ingest/reader.h"

namespace splot::cli {

namespace {

void WarnAboutRepairs(const Console& console, const std::string& path,
                      const ingest::ReaderStats& stats) {
  if (stats.utf8_repairs == 0) return;
  console.Warn(path + ": " + std::to_string(stats.utf8_repairs) +
               " damaged UTF-8 sequence(s) replaced with U+FFFD, the first at byte offset " +
               std::to_string(stats.first_repair_offset));
}

int DryRun(const ParsedArgs& args, const Console& console) {
  auto view = ingest::ParseDryRunView(args.Get("--show", "sentences"));
  if (!view.ok()) return console.Fail(view.status());
  ingest::ReaderOptions options;
  options.encoding = args.Get("--encoding");
  int code = kExitOk;
  for (const auto& path : args.positional) {
    if (std::filesystem::is_directory(path)) {
      return console.Fail(
          Status::InvalidArgument("--dry-run reads files, and " + path + " is a directory"));
    }
    auto doc = ingest::ReadDocument(path, options);
    if (!doc.ok()) {
      code = console.Fail(doc.status());
      continue;
    }
    if (args.positional.size() > 1) console.out << "== " << path << "\n";
    console.out << ingest::RenderDryRun(*doc, *view);
    const auto& st = doc->stats;
    WarnAboutRepairs(console, path, st);
    console.Note(path + ": " + doc->info.encoding + ", " + std::to_string(st.lines) + " lines, " +
                 std::to_string(st.sentences) + " sentences, " + std::to_string(st.titles) +
                 " titles, " + std::to_string(st.bodies_found) + " footnote bodies, " +
                 std::to_string(st.markers_linked) + " of " + std::to_string(st.markers_found) +
                 " markers linked, " + std::to_string(st.bodies_missing) +
                 " footnotes without a body; nothing was stored");
  }
  return code;
}

}  // namespace

int RunIngest(const ParsedArgs& args, const Console& console) {
  if (args.positional.empty()) {
    return console.Fail(Status::InvalidArgument(
        "give the files or directories to ingest; see splot ingest --help"));
  }
  if (args.Has("--dry-run")) return DryRun(args, console);
  if (args.values.count("--show")) {
    return console.Fail(Status::InvalidArgument("--show goes with --dry-run"));
  }
  for (const auto& path : args.positional) {
    if (!std::filesystem::exists(path)) {
      return console.Fail(Status::NotFound(path + ": no such file or directory"));
    }
  }
  auto start = std::chrono::steady_clock::now();
  ingest::PipelineOptions pipeline_options;
  for (const auto& g : args.All("--gazetteer")) pipeline_options.extra_gazetteers.push_back(g);
  auto pipeline = ingest::Pipeline::Create(pipeline_options);
  if (!pipeline.ok()) return console.Fail(pipeline.status());
  auto store = OpenStoreForWrite(args);
  if (!store.ok()) return console.Fail(store.status());

  ProgressBar bar(console, "ingest");
  ingest::IngestOptions options;
  options.reader.encoding = args.Get("--encoding");
  options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (std::string threads = args.Get("--threads"); !threads.empty()) {
    char* end = nullptr;
    long long n = std::strtoll(threads.c_str(), &end, 10);
    if (*end != '\0' || n <= 0 || n > 256) {
      return console.Fail(
          Status::InvalidArgument("--threads needs a number from 1 to 256, got '" + threads + "'"));
    }
    options.threads = static_cast<int>(n);
  }
  options.progress = [&](const ingest::IngestProgress& p) {
    bar.Update(p.bytes_done, p.bytes_total,
               std::to_string(p.files_done) + "/" + std::to_string(p.files_total) + " documents");
  };
  auto report =
      ingest::IngestPaths(store->get(), args.positional, options, (*pipeline)->MakeExtractor());
  bar.Finish();
  if (!report.ok()) return console.Fail(report.status());

  if (std::string path = args.Get("--candidates"); !path.empty()) {
    std::ofstream out(path);
    if (!out) return console.Fail(Status::IOError("cannot write " + path));
    ingest::WriteCandidatesTsv((*pipeline)->Candidates(), out);
    if (!out) return console.Fail(Status::IOError("writing " + path + " failed"));
  }

  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int code = kExitOk;
  for (const auto& f : report->files) {
    if (f.outcome == ingest::IngestedFile::Outcome::kFailed) {
      code = console.Fail(f.error);
    } else {
      WarnAboutRepairs(console, f.path, f.stats);
    }
  }
  if (!console.quiet) {
    auto& e = console.err;
    auto stats = (*pipeline)->stats();
    e << "ingested " << report->files.size() << " document(s) in " << secs
      << " s: " << report->written << " new, " << report->replaced << " replaced, "
      << report->unchanged << " unchanged, " << report->failed << " failed\n";
    int64_t entities = 0, relations = 0;
    for (const auto& [label, n] : stats.entities_by_label) entities += n;
    for (const auto& [type, n] : stats.relations_by_type) relations += n;
    e << "  entities: " << entities;
    for (const auto& [label, n] : stats.entities_by_label) e << "  " << label << " " << n;
    e << "\n  relations: " << relations;
    for (const auto& [type, n] : stats.relations_by_type) e << "  " << type << " " << n;
    e << "\n  unresolved names: " << stats.unresolved;
    if (args.Get("--candidates").empty() && stats.unresolved > 0)
      e << " (list them with --candidates FILE)";
    e << "\n";
  }
  return code;
}

}  // namespace splot::cli
