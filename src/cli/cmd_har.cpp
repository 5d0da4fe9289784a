// automock har import|export: HAR 1.2 files to and from fixtures.

#include <automock/config.hpp>
#include <automock/error.hpp>
#include <automock/har.hpp>
#include <iostream>

#include "cli/command.hpp"
#include "core/atomic_file.hpp"
#include "core/files.hpp"

namespace automock::cli {

namespace {

struct HarArguments {
  std::string har_file;
  std::string cassette;
  std::string config;
  std::string base_url;
  std::string output;
  bool strict = false;
};

Outcome import_command(const HarArguments& arguments) {
  HarImportOptions options{.base_url = arguments.base_url};
  if (!arguments.config.empty()) options.config = load_config(arguments.config);
  const auto result =
      import_har(read_file(arguments.har_file), arguments.har_file, arguments.cassette, options);
  for (const auto& problem : result.problems) {
    std::cerr << arguments.har_file << ": entry " << problem.index
              << " not imported: " << problem.reason << "\n";
  }
  std::cout << "automock har import: " << result.files.size() << " exchanges written to "
            << arguments.cassette << ", " << result.problems.size() << " entries left out"
            << std::endl;
  return check(!arguments.strict || result.problems.empty());
}

Outcome export_command(const HarArguments& arguments) {
  HarExportOptions options;
  if (!arguments.base_url.empty()) options.base_url = arguments.base_url;
  const auto har = export_har(arguments.cassette, options);
  write_file_atomic(arguments.output, har, WriteMode::replace);
  std::cout << "automock har export: wrote " << arguments.output << std::endl;
  return Outcome::ok;
}

}  // namespace

Runner define_har(CLI::App& app) {
  auto arguments = std::make_shared<HarArguments>();
  app.require_subcommand(1);
  auto* import = app.add_subcommand("import", "Record the entries of a HAR file as fixtures");
  import->add_option("HAR", arguments->har_file, "HAR 1.2 file (browser, Polly.js, mitmproxy)")
      ->required();
  import->add_option("--cassette", arguments->cassette, "cassette directory to write")->required();
  import->add_option("--config", arguments->config, "automock.json (redaction, match rules)");
  import->add_option("--base-url", arguments->base_url,
                     "strip this URL prefix (default: key each entry with its origin)");
  import->add_flag("--strict", arguments->strict, "exit 1 when an entry could not be imported");

  auto* exported = app.add_subcommand("export", "Write a cassette as a HAR 1.2 file");
  exported->add_option("--cassette", arguments->cassette, "cassette directory to read")->required();
  exported->add_option("-o,--output", arguments->output, "HAR file to write")->required();
  exported->add_option("--base-url", arguments->base_url,
                       "prefix of the absolute URLs (default: http://localhost)");
  return [arguments, import] {
    return import->parsed() ? import_command(*arguments) : export_command(*arguments);
  };
}

}  // namespace automock::cli
