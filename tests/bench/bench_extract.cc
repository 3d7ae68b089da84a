// Throughput of the whole extractor on news text: sentences, timexes,
// entities, attributions and claims (ExtractTimexes, ExtractAttributions and
// ExtractClaims, as the CLI and the ingest path run them) over the seed articles and the
// TimeBank/AQUAINT (tbaq) texts with their TimeML tags stripped, on one core (thread CPU time).
// Prints MB/s per stage and for the whole pass (goal: >= 20 MB/s), and, when python3 with
// dateparser is available (/usr/bin/python3), dateparser's search_dates on a sample of the same
// text and the ratio.
//
// usage: bench_extract [SHARED_DIR] [--seconds N] [--no-peer]
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/timex.h"
#include "correlate/extract/attributions.h"
#include "correlate/extract/claims.h"
#include "correlate/extract/entities.h"
#include "correlate/extract/sentences.h"
#include "correlate/extract/timex.h"

namespace fs = std::filesystem;
using namespace corroborate;

namespace {

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The <TEXT> element of a TimeML file, tags removed, entities decoded.
std::string StripTimeMl(const std::string& xml) {
  std::size_t b = xml.find("<TEXT>");
  std::size_t e = xml.find("</TEXT>");
  std::string_view body = b == std::string::npos
                              ? std::string_view(xml)
                              : std::string_view(xml).substr(
                                    b + 6, e == std::string::npos ? std::string::npos : e - b - 6);
  std::string out;
  out.reserve(body.size());
  bool tag = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '<')
      tag = true;
    else if (c == '>' && tag)
      tag = false;
    else if (!tag) {
      if (c == '&') {
        for (auto [ent, rep] : {std::pair{"&amp;", "&"},
                                {"&lt;", "<"},
                                {"&gt;", ">"},
                                {"&quot;", "\""},
                                {"&apos;", "'"}}) {
          if (body.compare(i, std::string_view(ent).size(), ent) == 0) {
            out += rep;
            i += std::string_view(ent).size() - 1;
            c = 0;
            break;
          }
        }
        if (c == 0) continue;
      }
      out.push_back(c);
    }
  }
  return out;
}

template <class F>
double MegabytesPerSecond(const std::vector<std::string>& docs, std::size_t bytes, double seconds,
                          F&& f) {
  // CPU time of this thread: the machine may be shared.
  auto cpu = [] {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
  };
  double start = cpu();
  std::size_t rounds = 0;
  double elapsed = 0;
  do {
    for (const std::string& d : docs) f(d);
    ++rounds;
    elapsed = cpu() - start;
  } while (elapsed < seconds);
  return static_cast<double>(bytes) * static_cast<double>(rounds) / 1e6 / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = CORROBORATE_SHARED_DIR;
  double seconds = 2.0;
  bool peer = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--seconds" && i + 1 < argc)
      seconds = std::atof(argv[++i]);
    else if (a == "--no-peer")
      peer = false;
    else
      shared = a;
  }
  std::vector<std::string> docs;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(shared / "seeds", ec)) {
    if (e.path().extension() == ".txt") docs.push_back(Read(e.path()));
  }
  fs::path tbaq = shared / "corpora" / "timex" / "tbaq";
  if (fs::is_directory(tbaq, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(tbaq, ec)) {
      if (e.path().extension() == ".tml") docs.push_back(StripTimeMl(Read(e.path())));
    }
  }
  if (docs.empty()) {
    fmt::print(stderr, "bench_extract: no seeds or tbaq texts under {}\n", shared.string());
    return 1;
  }
  std::size_t bytes = 0;
  for (const std::string& d : docs) bytes += d.size();
  fmt::print("bench_extract: {} documents, {:.2f} MB of news text\n", docs.size(), bytes / 1e6);

  // DCT 2014-12-22 US Eastern, as for the first seed.
  const std::optional<extract::TimexContext> ctx = extract::ParseDct("2014-12-22T12:00-05:00");
  if (!ctx) return 1;
  extract::ClaimOptions options;
  options.dct = ctx->dct;
  options.dct_utc_offset = ctx->utc_offset;
  const std::vector<Timex> no_timexes;
  std::size_t sink = 0;
  // Warm up: lexicons are compiled on first use.
  sink += extract::ExtractClaims(docs[0], no_timexes, options).size();
  sink += extract::ExtractEntities(docs[0]).size();
  sink += extract::ExtractTimexes(docs[0], *ctx).size();
  sink += extract::ExtractAttributions(docs[0]).size();

  std::size_t sentences = 0, timexes = 0, mentions = 0, claims = 0, attributions = 0;
  for (const std::string& d : docs) {
    sentences += extract::SplitSentences(d).size();
    timexes += extract::ExtractTimexes(d, *ctx).size();
    mentions += extract::ExtractEntities(d).size();
    claims += extract::ExtractClaims(d, no_timexes, options).size();
    attributions += extract::ExtractAttributions(d).size();
  }
  fmt::print("  found: {} sentences, {} timexes, {} entity mentions, {} attributions, {} claims\n",
             sentences, timexes, mentions, attributions, claims);

  double s_mbps = MegabytesPerSecond(docs, bytes, seconds, [&](const std::string& d) {
    sink += extract::SplitSentences(d).size();
  });
  double t_mbps = MegabytesPerSecond(docs, bytes, seconds, [&](const std::string& d) {
    sink += extract::ExtractTimexes(d, *ctx).size();
  });
  double e_mbps = MegabytesPerSecond(docs, bytes, seconds, [&](const std::string& d) {
    sink += extract::ExtractEntities(d).size();
  });
  double c_mbps = MegabytesPerSecond(docs, bytes, seconds, [&](const std::string& d) {
    sink += extract::ExtractClaims(d, no_timexes, options).size();
  });
  double a_mbps = MegabytesPerSecond(docs, bytes, seconds, [&](const std::string& d) {
    sink += extract::ExtractAttributions(d).size();
  });
  // The whole extractor: timexes, attributions, then claims dated by the
  // timexes (sentences and entities are computed inside ExtractClaims).
  double all_mbps = MegabytesPerSecond(docs, bytes, seconds, [&](const std::string& d) {
    std::vector<Timex> found = extract::ExtractTimexes(d, *ctx);
    sink += found.size() + extract::ExtractAttributions(d).size() +
            extract::ExtractClaims(d, found, options).size();
  });
  fmt::print("  sentences:                  {:8.1f} MB/s\n", s_mbps);
  fmt::print("  timexes:                    {:8.1f} MB/s\n", t_mbps);
  fmt::print("  entities (whole text):      {:8.1f} MB/s\n", e_mbps);
  fmt::print("  attributions:               {:8.1f} MB/s\n", a_mbps);
  // ExtractClaims extracts a document's entities only when a sentence may
  // yield a claim (a trigger with topic words near, or a duration).
  fmt::print("  claims (sentences+claims, entities where needed; no timexes): {:8.1f} MB/s\n",
             c_mbps);
  fmt::print(
      "  overall sentences+timexes+entities+attributions+claims: {:8.1f} MB/s on one core (goal >= "
      "20 MB/s)\n",
      all_mbps);

  if (peer) {
    // dateparser's search_dates on a ~200 KB sample of the same text.
    fs::path sample = fs::temp_directory_path() / "bench_extract_sample.txt";
    std::string text;
    for (const std::string& d : docs) {
      if (text.size() > 200000) break;
      text += d;
      text += "\n\n";
    }
    std::ofstream(sample, std::ios::binary) << text;
    std::string cmd =
        "/usr/bin/python3 -c \"import sys,time\nfrom dateparser.search import search_dates\n"
        "t=open(sys.argv[1],encoding='utf-8',errors='replace').read()\nps=[p for p in "
        "t.split('\\n\\n') if p.strip()]\n"
        "s=time.perf_counter()\nfor p in ps: search_dates(p, languages=['en'])\n"
        "print(len(t.encode())/1e6/(time.perf_counter()-s))\" " +
        sample.string() + " 2>/dev/null";
    FILE* pipe = popen(cmd.c_str(), "r");
    double peer_mbps = 0;
    if (pipe) {
      char buf[128] = {0};
      if (fgets(buf, sizeof buf, pipe)) peer_mbps = std::atof(buf);
      pclose(pipe);
    }
    fs::remove(sample, ec);
    if (peer_mbps > 0) {
      fmt::print(
          "  peer dateparser search_dates: {:8.3f} MB/s on {:.2f} MB; ratio overall/peer {:.0f}x\n",
          peer_mbps, text.size() / 1e6, all_mbps / peer_mbps);
    } else {
      fmt::print("  peer dateparser search_dates: not available\n");
    }
  }
  return sink == 0 ? 2 : 0;
}
