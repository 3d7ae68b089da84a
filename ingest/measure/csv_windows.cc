// CSV outage windows (see import.h for the header contract).
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>

#include "core/text.h"
#include "ingest/measure/import.h"
#include "ingest/measure/json_input.h"

namespace corroborate::ingest {

namespace {

// Splits one CSV record starting at `pos` (RFC 4180 quoting, fields may hold
// newlines). Advances pos past the record's line end. Sets `error` on an
// unterminated quote.
std::vector<std::string> ReadRecord(std::string_view s, size_t& pos, int& line, bool& error) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  while (pos < s.size()) {
    char c = s[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < s.size() && s[pos + 1] == '"') {
          fields.back() += '"';
          pos += 2;
          continue;
        }
        quoted = false;
        ++pos;
        continue;
      }
      if (c == '\n') ++line;
      fields.back() += c;
      ++pos;
      continue;
    }
    if (c == '"' && TrimAscii(fields.back()).empty()) {
      fields.back().clear();
      quoted = true;
      ++pos;
    } else if (c == ',') {
      fields.emplace_back();
      ++pos;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && pos + 1 < s.size() && s[pos + 1] == '\n') ++pos;
      ++pos;
      ++line;
      return fields;
    } else {
      fields.back() += c;
      ++pos;
    }
  }
  if (quoted) error = true;
  ++line;
  return fields;
}

std::optional<Instant> CsvInstant(std::string_view text) {
  text = TrimAscii(text);
  if (text.empty()) return std::nullopt;
  if (text.find_first_not_of("0123456789-") == std::string_view::npos && text.size() <= 12 &&
      text.find('-', 1) == std::string_view::npos) {
    Instant value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && ptr == text.data() + text.size()) return value;
    return std::nullopt;
  }
  auto parsed = ParseIso8601(text);
  if (!parsed) return std::nullopt;
  return parsed->instant;
}

}  // namespace

Result<MeasureImport> ImportCsvWindows(std::string_view bytes, std::string_view name, Instant now) {
  if (!IsValidUtf8(bytes)) return Fail(ErrorCode::kParse, fmt::format("{}: not valid UTF-8", name));
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  size_t pos = 0;
  int line = 1;
  bool bad_quote = false;
  // Header (skip blank lines and '#' comments before it).
  std::vector<std::string> header;
  while (pos < bytes.size()) {
    int at = line;
    header = ReadRecord(bytes, pos, line, bad_quote);
    if (bad_quote) return Fail(ErrorCode::kParse, fmt::format("{}:{}: unterminated quote", name, at));
    std::string_view first = TrimAscii(header[0]);
    if ((header.size() == 1 && first.empty()) || (!first.empty() && first.front() == '#')) continue;
    break;
  }
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header.size(); ++i) column[ToLowerAscii(TrimAscii(header[i]))] = i;
  static constexpr std::array<const char*, 6> kRequired = {"entity", "start", "end", "source", "signal",
                                                           "severity"};
  for (const char* want : kRequired) {
    if (!column.count(want)) {
      return Fail(ErrorCode::kParse,
                  fmt::format("{}:1: missing column '{}' (header must be entity,start,end,source,signal,severity)",
                              name, want));
    }
  }
  MeasureImport out;
  while (pos < bytes.size()) {
    int at = line;
    std::vector<std::string> row = ReadRecord(bytes, pos, line, bad_quote);
    if (bad_quote) return Fail(ErrorCode::kParse, fmt::format("{}:{}: unterminated quote", name, at));
    std::string_view lead = TrimAscii(row[0]);
    if ((row.size() == 1 && lead.empty()) || (!lead.empty() && lead.front() == '#')) continue;
    if (row.size() != header.size()) {
      return Fail(ErrorCode::kParse, fmt::format("{}:{}: {} fields, header has {}", name, at, row.size(),
                                                 header.size()));
    }
    auto field = [&](const char* key) -> std::string {
      auto it = column.find(key);
      return it == column.end() ? std::string() : std::string(TrimAscii(row[it->second]));
    };
    OutageWindow w;
    w.entity = NormalizeEntity(field("entity"));
    if (w.entity.empty()) {
      return Fail(ErrorCode::kParse, fmt::format("{}:{}: bad entity '{}' (want country:KP, asn:131279 or a prefix)",
                                                 name, at, field("entity")));
    }
    auto start = CsvInstant(field("start"));
    if (!start) return Fail(ErrorCode::kParse, fmt::format("{}:{}: bad start time '{}'", name, at, field("start")));
    auto end = CsvInstant(field("end"));
    if (!end) return Fail(ErrorCode::kParse, fmt::format("{}:{}: bad end time '{}'", name, at, field("end")));
    if (*end < *start) {
      return Fail(ErrorCode::kParse, fmt::format("{}:{}: end {} is before start {}", name, at, field("end"),
                                                 field("start")));
    }
    if (std::string why = ImplausibleTimes(*start, *end, now); !why.empty()) {
      return Fail(ErrorCode::kParse, fmt::format("{}:{}: {}", name, at, why));
    }
    w.start = *start;
    w.end = *end;
    w.source = field("source");
    if (w.source.empty()) return Fail(ErrorCode::kParse, fmt::format("{}:{}: empty source", name, at));
    w.signal = field("signal");
    w.severity = ToLowerAscii(field("severity"));
    std::string kind = ToLowerAscii(field("kind"));
    if (kind.empty() || kind == "outage") {
      w.kind = WindowKind::kOutage;
    } else if (kind == "instability") {
      w.kind = WindowKind::kInstability;
    } else {
      return Fail(ErrorCode::kParse, fmt::format("{}:{}: bad kind '{}' (outage or instability)", name, at, kind));
    }
    std::string score = field("score");
    if (!score.empty()) {
      char* stop = nullptr;
      w.score = std::strtod(score.c_str(), &stop);
      if (stop == score.c_str() || *stop != '\0') {
        return Fail(ErrorCode::kParse, fmt::format("{}:{}: bad score '{}'", name, at, score));
      }
    }
    w.cause = field("cause");
    w.outage_type = field("type");
    w.scope = field("scope");
    w.description = field("description");
    w.url = field("url");
    w.provenance = std::string(name);
    out.windows.push_back(std::move(w));
  }
  return out;
}

}  // namespace corroborate::ingest
