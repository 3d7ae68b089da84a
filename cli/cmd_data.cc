// `corroborate data`: downloads the AS-to-organisation dataset (CAIDA AS2Org
// or RIPE NCC's asn.txt) that maps organisation names to their ASNs, checks
// it parses, and caches it where the analysis commands read it
// (correlate::DefaultAsOrgCachePath). Without it, or when a download fails,
// the built-in table answers. `--lookup` prints what the table says.
#include <fmt/core.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/output.h"
#include "correlate/events/as_org.h"
#include "ingest/fetch/fetcher.h"
#include "ingest/measure/compressed_reader.h"

namespace corroborate::cli {

namespace {

namespace fs = std::filesystem;

// RIPE NCC's list of every ASN with its holder, built from the RIRs' data;
// a CAIDA as-org2info file (.txt or .gz) works as well.
constexpr const char* kDefaultUrl = "https://ftp.ripe.net/ripe/asnames/asn.txt";
constexpr std::size_t kMaxDownload = 256u << 20;
constexpr std::size_t kMaxText = 1024u << 20;

struct DataOptions {
  std::string url;
  std::string cache;
  std::vector<std::string> lookups;
};

Result<std::string> Decompressed(std::string body, const std::string& url) {
  if (body.size() < 2 || static_cast<unsigned char>(body[0]) != 0x1f ||
      static_cast<unsigned char>(body[1]) != 0x8b) {
    return body;
  }
  auto reader = measure::CompressedReader::FromMemory(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
  std::string out;
  std::vector<std::uint8_t> buf(1 << 16);
  while (true) {
    auto n = reader->Read(buf.data(), buf.size());
    if (!n) return Fail(n.error().code, fmt::format("{}: {}", url, n.error().message));
    if (*n == 0) break;
    out.append(reinterpret_cast<const char*>(buf.data()), *n);
    if (out.size() > kMaxText)
      return Fail(ErrorCode::kTooLarge, fmt::format("{}: more than 1 GiB decompressed", url));
  }
  return out;
}

Status Download(const DataOptions& o, const Context& ctx) {
  std::string url = o.url;
  if (url.empty()) {
    const char* env = std::getenv("CORROBORATE_AS2ORG_URL");
    url = env && *env ? env : kDefaultUrl;
  }
  std::string cache = o.cache.empty() ? correlate::DefaultAsOrgCachePath() : o.cache;
  auto fallback = [&](const Error& e) {
    bool cached = fs::exists(cache);
    return Fail(e.code,
                fmt::format("data: {}; {}", e.message,
                            cached ? "the dataset cached at " + cache + " stays in use"
                                   : fmt::format("the built-in table of {} ASes stays in use",
                                                 correlate::BuiltinAsOrgTable().size())));
  };
  ingest::FetchOptions fo;
  fo.total_timeout_ms = 300000;
  fo.max_body_bytes = kMaxDownload;
  ingest::CurlFetcher fetcher(fo);
  ingest::FetchRequest request;
  request.url = url;
  auto response = fetcher.Fetch(request);
  if (!response) return fallback(response.error());
  auto text = Decompressed(std::move(response->body), url);
  if (!text) return fallback(text.error());
  correlate::AsOrgTable table;
  if (auto st = correlate::ParseAsOrgDataset(*text, url, table); !st) return fallback(st.error());
  // Written beside the cache and renamed over it: a reader sees the old file or the new one.
  std::error_code ec;
  fs::path path(cache);
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  fs::path tmp = path;
  tmp += ".part";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(text->data(), static_cast<std::streamsize>(text->size()));
    out.close();
    if (!out) {
      fs::remove(tmp, ec);
      return fallback(Error{ErrorCode::kIo, fmt::format("{}: cannot write", tmp.string())});
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return fallback(Error{ErrorCode::kIo, fmt::format("{}: {}", cache, ec.message())});
  }
  if (!ctx.global.quiet) {
    std::fprintf(stderr, "corroborate: %zu ASes from %s cached at %s\n", table.size(), url.c_str(),
                 cache.c_str());
  }
  return {};
}

Status Lookup(const DataOptions& o) {
  correlate::AsOrgTable table =
      correlate::LoadAsOrgTable(o.cache.empty() ? correlate::DefaultAsOrgCachePath() : o.cache);
  for (const std::string& term : o.lookups) {
    std::string digits =
        term.rfind("AS", 0) == 0 || term.rfind("as", 0) == 0 ? term.substr(2) : term;
    if (digits.rfind("asn:", 0) == 0) digits = digits.substr(4);
    char* end = nullptr;
    unsigned long asn = std::strtoul(digits.c_str(), &end, 10);
    if (!digits.empty() && end && *end == '\0' && asn > 0 && asn <= 0xffffffffUL) {
      std::string org = table.Organisation(static_cast<std::uint32_t>(asn));
      if (auto st = Print("AS{}\t{}\n", asn, org.empty() ? "(unknown)" : org); !st) return st;
      continue;
    }
    std::vector<std::uint32_t> asns = table.Asns(term);
    std::string list;
    for (std::uint32_t a : asns) list += fmt::format("{}AS{}", list.empty() ? "" : " ", a);
    if (auto st = Print("{}\t{}\n", term, list.empty() ? "(none)" : list); !st) return st;
  }
  return {};
}

}  // namespace

void RegisterData(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<DataOptions>();
  CLI::App* sub = app.add_subcommand("data",
                                     "Download and cache the AS-to-organisation dataset "
                                     "(organisation names to ASNs), or look names up");
  sub->add_option(
      "--url", o->url,
      fmt::format("Dataset URL: RIPE NCC asn.txt or a CAIDA as-org2info file, plain or .gz "
                  "(default: $CORROBORATE_AS2ORG_URL, else {})",
                  kDefaultUrl));
  sub->add_option("--cache", o->cache,
                  "Cache file (default: $CORROBORATE_DATA_DIR/as2org.txt, else "
                  "~/.cache/corroborate/as2org.txt)");
  sub->add_option("--lookup", o->lookups,
                  "Print the ASNs of an organisation name, or the organisation of an ASN, from the "
                  "cached dataset "
                  "and the built-in table; downloads nothing (repeatable)");
  sub->callback([o, &ctx] {
    ctx.run = [o, &ctx]() -> Status { return o->lookups.empty() ? Download(*o, ctx) : Lookup(*o); };
  });
}

}  // namespace corroborate::cli
