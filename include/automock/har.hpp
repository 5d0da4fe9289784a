#pragma once
// HAR 1.2 (HTTP Archive) import and export, so that traffic captured by
// browser developer tools (Chrome, Firefox), Polly.js or mitmproxy becomes
// fixtures, and fixtures can be opened in those tools (docs/har.md).

#include <automock/config.hpp>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace automock {

struct HarImportOptions {
  Config config;  // match rules and redaction of the cassette written to
  // Stripped from each entry's URL ("http://api.test/v1" turns
  // "http://api.test/v1/todos?a=1" into "/todos?a=1"); an entry whose URL is
  // not under it is not imported. Empty: each entry is keyed with its origin
  // ("https://api.test"), so entries of different hosts never share a key.
  std::string base_url;
};

// An entry that was not imported: its index in log.entries and why.
struct HarProblem {
  size_t index = 0;
  std::string reason;
};

struct HarImportResult {
  std::vector<std::filesystem::path> files;  // written, in the order of the entries
  std::vector<HarProblem> problems;          // entries left out
};

// Records every entry of the HAR text into the cassette directory as a
// recording cassette would (the config's redaction and match rules apply,
// identical requests become sequences in the order of the entries, and an
// existing cassette is added to), with recorded_at taken from the entry's
// startedDateTime. No network is reached, so CI=true does not refuse it.
// Every entry is its own exchange: a redirect is not followed. Bodies are
// stored decoded ("encoding": "base64" is decoded; a missing body is empty)
// and Content-Encoding, Content-Length and Transfer-Encoding are dropped
// from responses, which replay serves with a correct length; HTTP/2
// pseudo-headers (":authority") are dropped. Throws InputError naming
// `origin` when the text is not a HAR log; an entry that cannot be imported
// is reported in the result, not thrown. IoError when a file cannot be written.
HarImportResult import_har(std::string_view har_text, const std::string& origin,
                           const std::filesystem::path& cassette_directory,
                           const HarImportOptions& options = {});

struct HarExportOptions {
  // Prefixed to each fixture's url to make the absolute URLs HAR requires.
  std::string base_url = "http://localhost";
};

// A HAR 1.2 log (JSON text) with one entry per fixture file of the cassette
// directory, ordered by recorded_at, then key and sequence number. Bodies
// that are not valid UTF-8 are written base64 ("encoding": "base64").
// Throws FixtureError for a fixture that does not parse and IoError when
// the directory cannot be read.
std::string export_har(const std::filesystem::path& cassette_directory,
                       const HarExportOptions& options = {});

}  // namespace automock
