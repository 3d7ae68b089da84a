#include "correlate/extract/timex.h"

#include <fmt/core.h>
#include <re2/re2.h>
#include <re2/set.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "core/zone.h"
#include "correlate/extract/lexicon.h"

namespace corroborate::extract {
namespace {

// ---------------------------------------------------------------- calendar

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int IsoWeekday(std::int64_t days) { return (WeekdayFromDays(days) + 6) % 7 + 1; }  // 1 = Monday

std::int64_t IsoWeekStart(int iso_year, int week) {
  std::int64_t jan4 = DaysFromCivil(iso_year, 1, 4);
  return jan4 - (IsoWeekday(jan4) - 1) + 7 * static_cast<std::int64_t>(week - 1);
}

std::string WeekValue(std::int64_t days) {
  std::int64_t thursday = days - (IsoWeekday(days) - 1) + 3;
  int iso_year = CivilFromDays(thursday).year;
  auto week = (thursday - DaysFromCivil(iso_year, 1, 1)) / 7 + 1;
  return fmt::format("{:04d}-W{:02d}", iso_year, week);
}

// Writes 0 <= value < 10^width as `width` digits at out[at...].
void PutDigits(std::string& out, std::size_t at, std::int64_t value, std::size_t width) {
  for (std::size_t k = width; k-- > 0; value /= 10) out[at + k] = static_cast<char>('0' + value % 10);
}

std::string DayValue(std::int64_t days) {
  CivilDate c = CivilFromDays(days);
  if (c.year < 0 || c.year > 9999) return fmt::format("{:04d}-{:02d}-{:02d}", c.year, c.month, c.day);
  std::string out = "0000-00-00";  // the common case without fmt: this is called per candidate
  PutDigits(out, 0, c.year, 4);
  PutDigits(out, 5, c.month, 2);
  PutDigits(out, 8, c.day, 2);
  return out;
}

std::string MonthValue(int year, int month) {  // month may be out of 1..12
  int index = year * 12 + (month - 1);
  std::int64_t y = FloorDiv(index, 12), m = index - y * 12 + 1;
  if (y < 0 || y > 9999) return fmt::format("{:04d}-{:02d}", y, m);
  std::string out = "0000-00";
  PutDigits(out, 0, y, 4);
  PutDigits(out, 5, m, 2);
  return out;
}

std::string QuarterValue(int year, int quarter) {  // quarter may be out of 1..4
  int index = year * 4 + (quarter - 1);
  return fmt::format("{:04d}-Q{}", FloorDiv(index, 4), index - FloorDiv(index, 4) * 4 + 1);
}

std::int64_t EasterDays(int year) {  // anonymous Gregorian algorithm
  int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return DaysFromCivil(year, month, day);
}

bool ParseInt(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

// ---------------------------------------------------------------- lexicons

struct Lexicons {
  Lexicon months, weekdays, numbers, ordinals, units, zones, seasons, parts_of_day, holidays,
      modifiers, country_zones;
};

Lexicon LoadLexicon(std::string_view name) {
  auto lex = Lexicon::Embedded(name);
  if (lex) return std::move(*lex);
  return *Lexicon::Parse(name, "");  // embedded data missing: a build problem; run without
}

const Lexicons& Lex() {
  static const Lexicons lex{LoadLexicon("time_months.tsv"),       LoadLexicon("time_weekdays.tsv"),
                            LoadLexicon("time_numbers.tsv"),      LoadLexicon("time_ordinals.tsv"),
                            LoadLexicon("time_units.tsv"),        LoadLexicon("time_zones.tsv"),
                            LoadLexicon("time_seasons.tsv"),      LoadLexicon("time_partofday.tsv"),
                            LoadLexicon("time_holidays.tsv"),     LoadLexicon("time_modifiers.tsv"),
                            LoadLexicon("time_country_zones.tsv")};
  return lex;
}

int LexInt(const Lexicon& lex, std::string_view key, std::size_t column, int fallback = 0) {
  const LexiconEntry* e = lex.Find(CollapseWhitespace(key));
  int v = fallback;
  if (e && ParseInt(e->Column(column), v)) return v;
  return fallback;
}

std::string_view LexStr(const Lexicon& lex, std::string_view key, std::size_t column) {
  const LexiconEntry* e = lex.Find(CollapseWhitespace(key));
  return e ? e->Column(column) : std::string_view();
}

int ParseOffset(std::string_view s) {  // "+09:00", "-0500", "+9", "UTC+9"
  while (!s.empty() && s.front() != '+' && s.front() != '-') s.remove_prefix(1);
  if (s.empty()) return 0;
  int sign = s.front() == '-' ? -1 : 1;
  s.remove_prefix(1);
  std::string digits;
  for (char c : s)
    if (c >= '0' && c <= '9') digits += c;
  int h = 0, m = 0;
  if (digits.size() <= 2) {
    ParseInt(digits, h);
  } else {
    ParseInt(std::string_view(digits).substr(0, digits.size() - 2), h);
    ParseInt(std::string_view(digits).substr(digits.size() - 2), m);
  }
  return sign * (h * 3600 + m * 60);
}

bool IsFixedOffset(std::string_view zone) {
  return !zone.empty() && (zone[0] == '+' || zone[0] == '-');
}

// "+05:30", "-04:00".
std::string OffsetName(int offset) {
  int a = offset < 0 ? -offset : offset;
  return fmt::format("{}{:02d}:{:02d}", offset < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
}

// Offset of `zone` (IANA name or fixed "+HH:MM") for the wall-clock reading
// `local` (seconds since 1970 read as a local clock). nullopt when unknown.
std::optional<int> OffsetForLocal(std::string_view zone, Instant local) {
  if (IsFixedOffset(zone)) return ParseOffset(zone);
  return ZoneOffsetForLocal(zone, local);
}

// Local clock seconds of a TIME value "2014-12-22T16:15[:SS]"; nullopt for others.
std::optional<Instant> LocalSeconds(std::string_view value) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (value.size() < 16 || value[4] != '-' || value[7] != '-' || value[10] != 'T' ||
      value[13] != ':')
    return std::nullopt;
  if (!ParseInt(value.substr(0, 4), y) || !ParseInt(value.substr(5, 2), mo) ||
      !ParseInt(value.substr(8, 2), d) || !ParseInt(value.substr(11, 2), h) ||
      !ParseInt(value.substr(14, 2), mi) || !IsValidDate(y, mo, d))
    return std::nullopt;
  return DaysFromCivil(y, mo, d) * kDay + h * kHour + mi * kMinute;
}

// ---------------------------------------------------------------- numbers

// Value of a number phrase: "24", "1,000", "5 1/2", "nine", "twenty-five",
// "a", "a dozen". nullopt for vague quantities ("several", "a few").
std::optional<double> ParseNumber(std::string_view raw) {
  std::string s = ToLowerAscii(CollapseWhitespace(raw));
  if (s.empty()) return std::nullopt;
  if (const LexiconEntry* e = Lex().numbers.Find(s)) {
    if (e->Column(1) == "vague") return std::nullopt;
    return std::stod(std::string(e->Column(0)));
  }
  if (s[0] >= '0' && s[0] <= '9') {
    double total = 0;
    std::size_t sp = s.find(' ');
    std::string whole = s.substr(0, sp);
    whole.erase(std::remove(whole.begin(), whole.end(), ','), whole.end());
    try {
      total = std::stod(whole);
    } catch (...) {
      return std::nullopt;
    }
    if (sp != std::string::npos) {
      std::string frac = s.substr(sp + 1);
      std::size_t slash = frac.find('/');
      int a = 0, b = 0;
      if (slash != std::string::npos && ParseInt(std::string_view(frac).substr(0, slash), a) &&
          ParseInt(std::string_view(frac).substr(slash + 1), b) && b > 0)
        total += static_cast<double>(a) / b;
    }
    return total;
  }
  double total = 0, current = 0;
  bool any = false;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = s.find_first_of(" -", i);
    std::string word = s.substr(i, j == std::string::npos ? std::string::npos : j - i);
    i = j == std::string::npos ? s.size() : j + 1;
    if (word.empty() || word == "and") continue;
    const LexiconEntry* e = Lex().numbers.Find(word);
    if (!e || e->Column(1) == "vague") return std::nullopt;
    double v = std::stod(std::string(e->Column(0)));
    if (v == 100) {
      current = (current == 0 ? 1 : current) * 100;
    } else {
      current += v;
    }
    any = true;
  }
  if (!any) return std::nullopt;
  return total + current;
}

// ---------------------------------------------------------------- durations

// Components Y M W D H MIN S of a duration.
struct DurationParts {
  std::array<double, 7> n{};
  void Add(double value, int index) {
    static constexpr std::array<double, 7> kDown{12, 30, 7, 24, 60, 60, 0};
    double whole = std::floor(value + 1e-9);
    n[index] += whole;
    double frac = value - whole;
    if (frac > 1e-6 && index < 6) Add(frac * kDown[index], index == 1 ? 3 : index + 1);
  }
  [[nodiscard]] std::string Value() const {
    static constexpr std::array<const char*, 7> kLetter{"Y", "M", "W", "D", "H", "M", "S"};
    std::string out = "P";
    bool any = false;
    for (int i = 0; i < 7; ++i) {
      if (i == 4 && (n[4] > 0 || n[5] > 0 || n[6] > 0)) out += 'T';
      if (n[i] > 0) {
        out += fmt::format("{}{}", static_cast<long long>(n[i]), kLetter[i]);
        any = true;
      }
    }
    return any ? out : "P0D";
  }
};

// Index into DurationParts and multiplier for a unit word ("hours" -> 4, 1).
bool UnitIndex(std::string_view unit_word, int& index, double& factor) {
  const LexiconEntry* e = Lex().units.Find(ToLowerAscii(unit_word));
  if (!e) return false;
  std::string_view letter = e->Column(0);
  bool time = e->Column(1) == "T";
  factor = 1;
  if (letter == "Y") index = 0;
  else if (letter == "M") index = time ? 5 : 1;
  else if (letter == "W") index = 2;
  else if (letter == "D") index = 3;
  else if (letter == "H") index = 4;
  else if (letter == "S") index = 6;
  else if (letter == "DE") index = 0, factor = 10;
  else if (letter == "CE") index = 0, factor = 100;
  else if (letter == "Q") index = 1, factor = 3;
  else return false;
  return true;
}

std::string VagueDuration(std::string_view unit_word) {
  const LexiconEntry* e = Lex().units.Find(ToLowerAscii(unit_word));
  if (!e) return "PXX";
  std::string_view letter = e->Column(0);
  if (letter == "DE") letter = "Y";
  if (letter == "Q") letter = "M";
  return fmt::format("P{}X{}", e->Column(1) == "T" ? "T" : "", letter);
}

// ---------------------------------------------------------------- rules

struct Rule;

struct Match {
  const Rule* rule = nullptr;
  std::string_view text;       // whole document
  std::size_t begin = 0, end = 0;
  std::size_t sentence_begin = 0, sentence_end = 0;
  std::vector<std::string_view> groups;  // by capture index (0 = whole)
  mutable int tense = 2;                 // Resolver::Tense, once computed
  [[nodiscard]] std::string_view Get(const char* name) const;
  [[nodiscard]] bool Has(const char* name) const { return !Get(name).empty(); }
  [[nodiscard]] std::string Lower(const char* name) const { return ToLowerAscii(CollapseWhitespace(Get(name))); }
};

struct Reference {
  std::string value;
  Granularity granularity = Granularity::kUnknown;
};

class Resolver;
using Handler = bool (*)(Resolver&, const Match&, Timex&);

struct Rule {
  const char* name;
  std::string pattern;
  Handler handler;
  std::unique_ptr<RE2> re;
  std::vector<std::pair<std::string, int>> groups;  // named capture groups: a dozen at most, scanned
};

std::string_view Match::Get(const char* name) const {
  std::string_view key(name);
  for (const auto& [group, index] : rule->groups) {
    if (group == key) return static_cast<std::size_t>(index) < groups.size() ? groups[static_cast<std::size_t>(index)] : std::string_view();
  }
  return {};
}

class Resolver {
 public:
  explicit Resolver(const TimexContext& ctx) : ctx_(ctx) {
    dct_days_ = FloorDiv(ctx.dct + ctx.utc_offset, kDay);
    dct_ = CivilFromDays(dct_days_);
  }
  const TimexContext& ctx() const { return ctx_; }
  std::int64_t dct_days() const { return dct_days_; }
  const CivilDate& dct() const { return dct_; }
  int dct_quarter() const { return (dct_.month - 1) / 3 + 1; }
  Reference last;          // the most recent absolute DATE mentioned
  std::string last_quarter;  // the most recent quarter mentioned ("1989-Q3")
  std::size_t last_quarter_end = 0;
  // The quarter under discussion, if one was mentioned in the last few sentences.
  [[nodiscard]] std::string RecentQuarter(const Match& m) const {
    constexpr std::size_t kReach = 1000;  // bytes: a paragraph or so
    return m.begin - last_quarter_end <= kReach ? last_quarter : std::string();
  }
  bool shifted = false;      // the value just produced is a reference moved by a year
  std::string last_day;      // the last day named ("1998-08-07") and where it ended
  std::size_t last_day_end = 0;

  // -1: the sentence around the match speaks of the past, +1: the future,
  // 0: no cue. The nearest tense cue wins.
  int Tense(const Match& m) const;

 private:
  TimexContext ctx_;
  std::int64_t dct_days_ = 0;
  CivilDate dct_;
};

constexpr std::array<bool, 256> kWordChar = [] {
  std::array<bool, 256> word{};
  for (int c = 0; c < 256; ++c)
    word[static_cast<std::size_t>(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
  return word;
}();

bool IsWordChar(char c) { return kWordChar[static_cast<unsigned char>(c)]; }

int Resolver::Tense(const Match& m) const {
  if (m.tense != 2) return m.tense;
  static const std::unordered_map<std::string_view, int> kCues = {
      {"will", 1}, {"ll", 1}, {"shall", 1}, {"won't", 1}, {"going", 1}, {"plans", 1}, {"plan", 1},
      {"expects", 1}, {"expected", 1}, {"scheduled", 1}, {"would", 1}, {"next", 1}, {"upcoming", 1},
      {"tomorrow", 1}, {"soon", 1}, {"planned", 1}, {"intends", 1}, {"planning", 1}, {"coming", 1},
      {"was", -1}, {"were", -1}, {"had", -1}, {"did", -1}, {"said", -1}, {"told", -1}, {"ago", -1},
      {"last", -1}, {"yesterday", -1}, {"earlier", -1}, {"wasn't", -1}, {"weren't", -1},
      {"didn't", -1}, {"hadn't", -1}, {"been", -1}, {"came", -1}, {"went", -1}, {"took", -1},
      {"began", -1}, {"made", -1}, {"fell", -1}, {"rose", -1}, {"won", -1}, {"lost", -1},
      {"met", -1}, {"left", -1}, {"got", -1}, {"gave", -1}, {"saw", -1}, {"held", -1},
      {"became", -1}, {"found", -1}, {"sent", -1}, {"paid", -1}, {"sold", -1}, {"bought", -1},
      {"spent", -1}, {"struck", -1}, {"brought", -1}, {"led", -1}, {"ran", -1}, {"wrote", -1},
  };
  // Words in -ed that are not past-tense verbs in news prose.
  static const std::unordered_set<std::string_view> kNotPast = {
      "hundred", "united", "limited", "indeed", "based", "related", "interested", "concerned", "detailed",
      "advanced", "proceed", "exceed", "succeed", "speed", "breed", "armed", "expected", "scheduled", "planned",
      "proposed", "supposed", "unidentified", "undisclosed", "unnamed", "unprecedented", "elected", "embattled"};
  // First letters of the cue words by length: most words need no lookup.
  static const std::array<std::uint32_t, 16> kCueInitials = [] {
    std::array<std::uint32_t, 16> initials{};
    for (const auto& [cue, value] : kCues)
      if (cue.size() < 16 && cue[0] >= 'a' && cue[0] <= 'z') initials[cue.size()] |= 1u << (cue[0] - 'a');
    return initials;
  }();
  std::string_view t = m.text;
  int best = 0;
  std::size_t best_distance = std::string_view::npos;
  // A window of about a dozen words each side, within the sentence.
  constexpr std::size_t kWindow = 80;
  std::size_t limit = std::min(m.sentence_end, m.end + kWindow);
  std::size_t i = m.begin > m.sentence_begin + kWindow ? m.begin - kWindow : m.sentence_begin;
  while (i > m.sentence_begin && IsWordChar(t[i - 1])) --i;
  std::string_view prev_word;  // as written; "be" / "being" are lowercase mid-sentence
  while (i < limit) {
    while (i < limit && !IsWordChar(t[i])) ++i;
    std::size_t j = i;
    while (j < m.sentence_end && IsWordChar(t[j])) ++j;
    if (j > i && j - i < 16 && (j <= m.begin || i >= m.end)) {
      char buf[16];
      std::size_t len = 0;
      for (std::size_t k = t[i] == '\'' ? i + 1 : i; k < j; ++k) {
        char c = t[k];
        buf[len++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      }
      std::string_view word(buf, len);
      int cue = 0;
      bool maybe_cue = len > 0 && word[0] >= 'a' && word[0] <= 'z' && (kCueInitials[len] >> (word[0] - 'a') & 1u);
      if (auto it = maybe_cue ? kCues.find(word) : kCues.end(); it != kCues.end()) {
        cue = it->second;
        if (cue < 0 && (prev_word == "be" || prev_word == "being")) cue = 0;  // "will be held": a participle
      } else if (word.size() >= 5 && word.ends_with("ed") && !kNotPast.contains(word) && prev_word != "be" &&
                 prev_word != "being") {
        cue = -1;  // a past tense; after "be" ("will be named") a participle, no tense
      }
      // A reporting clause after the expression ("..., officials said") is
      // about the report, not the event: its tense does not count.
      if (i >= m.end && (word == "said" || word == "told" || word == "says" || word == "reported")) cue = 0;
      // "next to" is a preposition of place, not of time; "set to" (resume)
      // schedules, while a bare "set" is as often a past participle.
      if (word == "next" && t.substr(j, 4) == " to ") cue = 0;
      if (word == "set" && t.substr(j, 4) == " to ") cue = 1;
      // "plans to" looks ahead; "vacation plans" is a noun. "is to resume": future.
      if ((word == "plans" || word == "plan") && t.substr(j, 4) != " to ") cue = 0;
      if ((word == "is" || word == "are") && t.substr(j, 4) == " to ") cue = 1;
      // "was expected to", "were planning to", "was scheduled to": the
      // auxiliary's past does not date the event, the verb after it looks ahead.
      if ((word == "was" || word == "were") && j + 1 < t.size()) {
        static const RE2 kAhead(R"(^\s+(?:expected|scheduled|planning|planned|going|due|set)\s+to\b)");
        if (RE2::PartialMatch(t.substr(j, 24), kAhead)) cue = 0;
      }
      if (cue != 0) {
        // The governing verb usually precedes the expression: cues after it count double.
        std::size_t distance = j <= m.begin ? m.begin - j : 2 * (i - m.end);
        if (distance < best_distance) best_distance = distance, best = cue;
      }
    }
    if (j > i) prev_word = t.substr(i, j - i);
    i = j;
  }
  m.tense = best;
  return best;
}

// ---- shared normalization helpers

std::string PointMod(std::string_view raw) {
  std::string s = ToLowerAscii(CollapseWhitespace(raw));
  if (s.empty()) return {};
  if (s == "later") return {};
  std::string_view mod = LexStr(Lex().modifiers, s, 0);
  if (mod == "START" || mod == "END" || mod == "MID") return std::string(mod);
  return {};
}

std::string DurationMod(std::string_view raw) {
  std::string s = ToLowerAscii(CollapseWhitespace(raw));
  if (s.empty()) return {};
  std::string_view mod = LexStr(Lex().modifiers, s, 0);
  if (mod == "START" || mod == "END" || mod == "MID") return {};
  return std::string(mod);
}

// Resolves a weekday (1 = Monday) against the DCT: rel "last"/"next"/"this"
// or the tense of the sentence.
std::int64_t ResolveWeekday(Resolver& r, const Match& m, int weekday, std::string_view rel) {
  std::int64_t d = r.dct_days();
  int diff = weekday - IsoWeekday(d);  // -6..6
  std::int64_t back = d - ((IsoWeekday(d) - weekday + 7) % 7);   // on or before
  std::int64_t ahead = d + ((weekday - IsoWeekday(d) + 7) % 7);  // on or after
  if (rel == "last" || rel == "past") return back == d ? d - 7 : back;
  if (rel == "next" || rel == "coming") return ahead == d ? d + 7 : ahead;
  if (rel == "this") return d + diff;
  // "as early as Tuesday", "as soon as Monday": a time not yet come.
  std::string_view before = m.text.substr(m.sentence_begin, m.begin - m.sentence_begin);
  if (before.ends_with("as early as ") || before.ends_with("as soon as ")) return ahead == d ? d + 7 : ahead;
  // "given until 9 a.m. Tuesday": a deadline lies ahead.
  if (before.ends_with("until ")) return ahead;
  int tense = r.Tense(m);
  if (tense > 0) return ahead;
  return back;
}

// Year for a month (and day, 0 = whole month) stated without one: the
// occurrence nearest the DCT, unless the tense of the sentence points the
// other way and that occurrence is not far off either.
constexpr int kFlipDays = 250;  // a past cue moves back to an occurrence up to ~8 months away
int ResolveYear(Resolver& r, const Match& m, int month, int day, std::string_view rel) {
  int year = r.dct().year;
  auto position = [&](int y) {  // in days, mid-month when no day
    return DaysFromCivil(y, month, day == 0 ? 15 : std::min(day, DaysInMonth(y, month)));
  };
  std::int64_t now = r.dct_days();
  bool same_month = month == r.dct().month;
  auto cmp = [&](int y) -> int {
    if (day == 0 && same_month && y == year) return 0;
    std::int64_t p = position(y);
    return p < now ? -1 : p > now ? 1 : 0;
  };
  if (rel == "last" || rel == "past" || rel == "previous") return cmp(year) >= 0 ? year - 1 : year;
  if (rel == "next" || rel == "coming") return cmp(year) <= 0 ? year + 1 : year;
  if (rel == "this") return year;
  int best = year;
  for (int y : {year - 1, year + 1})
    if (std::llabs(position(y) - now) < std::llabs(position(best) - now)) best = y;
  int tense = r.Tense(m);
  std::int64_t distance = std::llabs(position(best) - now);
  auto last_day = [&](int y) { return DaysFromCivil(y, month, day == 0 ? DaysInMonth(y, month) : std::min(day, DaysInMonth(y, month))); };
  if (distance > 45) {
    if (tense < 0 && cmp(best) > 0 && now - last_day(best - 1) < kFlipDays) return best - 1;
    // A future ("will ... in December") cannot lie in the past: the next one, however far.
    if (tense > 0 && cmp(best) < 0) return best + 1;
  }
  return best;
}

bool SetDate(Resolver& r, Timex& t, std::string value, Granularity g) {
  t.type = TimexType::kDate;
  t.value = std::move(value);
  r.last = {t.value, g};
  return true;
}

// Shifts a reference value by `years`, `months` or `days` keeping its form.
std::string ShiftValue(const std::string& value, int years) {
  int y = 0;
  if (value.size() < 4 || !ParseInt(std::string_view(value).substr(0, 4), y)) return {};
  return fmt::format("{:04d}{}", y + years, value.substr(4));
}

std::optional<int> WordQuarter(std::string_view word) {
  std::string w = ToLowerAscii(word);
  if (w == "final" || w == "last") return 4;
  int q = LexInt(Lex().ordinals, w, 0, 0);
  if (q >= 1 && q <= 4) return q;
  return std::nullopt;
}

// The text before the match, as lowercase previous word.
std::string PreviousWord(const Match& m) {
  std::size_t i = m.begin;
  while (i > m.sentence_begin && !IsWordChar(m.text[i - 1]) && m.text[i - 1] != '$' && m.text[i - 1] != '%') --i;
  if (i > m.sentence_begin && (m.text[i - 1] == '$' || m.text[i - 1] == '%')) return std::string(1, m.text[i - 1]);
  std::size_t j = i;
  while (j > m.sentence_begin && IsWordChar(m.text[j - 1])) --j;
  return ToLowerAscii(m.text.substr(j, i - j));
}

// ---- handlers

bool IsoDate(Resolver& r, const Match& m, Timex& t) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  if (!ParseInt(m.Get("y"), y) || !ParseInt(m.Get("mo"), mo) || !ParseInt(m.Get("d"), d) || !IsValidDate(y, mo, d))
    return false;
  if (!m.Has("h")) return SetDate(r, t, fmt::format("{:04d}-{:02d}-{:02d}", y, mo, d), Granularity::kDay);
  if (!ParseInt(m.Get("h"), h) || !ParseInt(m.Get("mi"), mi) || h > 24 || mi > 59) return false;
  t.type = TimexType::kTime;
  t.value = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}", y, mo, d, h, mi);
  if (m.Has("s")) t.value += fmt::format(":{}", m.Get("s"));
  if (m.Has("z")) {
    t.utc_offset = m.Get("z") == "Z" ? 0 : ParseOffset(m.Get("z"));
    t.zone = OffsetName(t.utc_offset);
  }
  return true;
}

bool NumericDate(Resolver& r, const Match& m, Timex& t) {
  int y = 0, mo = 0, d = 0;
  if (!ParseInt(m.Get("y"), y) || !ParseInt(m.Get("mo"), mo) || !ParseInt(m.Get("d"), d)) return false;
  if (y < 100) y += y < 50 ? 2000 : 1900;
  if (!IsValidDate(y, mo, d)) return false;
  return SetDate(r, t, fmt::format("{:04d}-{:02d}-{:02d}", y, mo, d), Granularity::kDay);
}

bool MonthDay(Resolver& r, const Match& m, Timex& t) {
  int mo = LexInt(Lex().months, m.Get("mon"), 0), d = 0, y = 0;
  if (mo == 0 || !ParseInt(m.Get("d"), d) || d < 1 || d > 31) return false;
  if (m.Has("y")) {
    if (!ParseInt(m.Get("y"), y)) return false;
  } else {
    y = ResolveYear(r, m, mo, d, "");
    t.relative = true;
  }
  if (!IsValidDate(y, mo, d)) return false;
  t.mod = PointMod(m.Get("pmod"));
  return SetDate(r, t, fmt::format("{:04d}-{:02d}-{:02d}", y, mo, d), Granularity::kDay);
}

std::optional<int> SpokenYear(std::string_view raw);

// "the week of March 6": the ISO week containing that day.
bool WeekOf(Resolver& r, const Match& m, Timex& t) {
  if (!MonthDay(r, m, t)) return false;
  int y = 0, mo = 0, d = 0;
  if (!ParseInt(std::string_view(t.value).substr(0, 4), y) || !ParseInt(std::string_view(t.value).substr(5, 2), mo) ||
      !ParseInt(std::string_view(t.value).substr(8, 2), d))
    return false;
  return SetDate(r, t, WeekValue(DaysFromCivil(y, mo, d)), Granularity::kWeek);
}

bool MonthYear(Resolver& r, const Match& m, Timex& t) {
  int mo = LexInt(Lex().months, m.Get("mon"), 0), y = 0;
  std::string yrel = m.Lower("yrel");
  if (!yrel.empty()) {
    y = r.dct().year + (yrel == "last" ? -1 : yrel == "next" ? 1 : 0);
  } else if (m.Has("yw")) {
    auto spoken = SpokenYear(m.Get("yw"));
    if (!spoken) return false;
    y = *spoken;
  } else if (!ParseInt(m.Get("y"), y)) {
    return false;
  }
  if (mo == 0) return false;
  t.mod = PointMod(m.Get("pmod"));
  return SetDate(r, t, MonthValue(y, mo), Granularity::kMonth);
}

bool MonthAlone(Resolver& r, const Match& m, Timex& t) {
  int mo = LexInt(Lex().months, m.Get("mon"), 0);
  if (mo == 0) return false;
  std::string rel = m.Lower("rel");
  // "May" and "March" are matched only capitalised (see time_months.tsv).
  t.mod = PointMod(m.Get("pmod"));
  t.relative = true;
  return SetDate(r, t, MonthValue(ResolveYear(r, m, mo, 0, rel), mo), Granularity::kMonth);
}

bool Year(Resolver& r, const Match& m, Timex& t) {
  int y = 0;
  if (!ParseInt(m.Get("y"), y)) return false;
  std::size_t after = m.end;
  // Not a year: part of a number ("1990.5", "1,990", "1990%") or a quantity.
  if (after < m.text.size()) {
    char c = m.text[after];
    if (c == '%' || ((c == '.' || c == ',') && after + 1 < m.text.size() && std::isdigit(static_cast<unsigned char>(m.text[after + 1]))))
      return false;
  }
  if (m.begin > 0) {
    char c = m.text[m.begin - 1];
    if (c == '$' || c == '#' || ((c == '.' || c == ',') && m.begin > 1 && std::isdigit(static_cast<unsigned char>(m.text[m.begin - 2]))))
      return false;
  }
  if (!m.Has("pre") && !m.Has("pmod")) {
    static const RE2 kQuantity(R"(^\s*(?i:shares|people|units|tons|barrels|troops|miles|feet|dollars|points|yen|cars|workers|employees|jobs|acres|meters|pounds|votes|members|and\s+\d)\b)");
    if (RE2::PartialMatch(m.text.substr(after, 40), kQuantity)) return false;
  }
  t.mod = PointMod(m.Get("pmod"));
  return SetDate(r, t, fmt::format("{:04d}", y), Granularity::kYear);
}

// "nineteen ninety-seven", "two thousand", "the year two thousand".
std::optional<int> SpokenYear(std::string_view raw) {
  std::string s = ToLowerAscii(CollapseWhitespace(raw));
  if (s.starts_with("the year ")) s = s.substr(9);
  if (s.starts_with("two thousand")) {
    std::string rest = s.substr(12);
    if (rest.starts_with(" and ")) rest = rest.substr(5);
    auto n = rest.empty() ? std::optional<double>(0) : ParseNumber(rest);
    if (!n) return std::nullopt;
    return 2000 + static_cast<int>(*n);
  }
  std::size_t sp = s.find(' ');
  if (sp == std::string::npos) return std::nullopt;
  auto hi = ParseNumber(s.substr(0, sp));
  std::string lo_text = s.substr(sp + 1);
  auto lo = lo_text == "hundred" ? std::optional<double>(0) : ParseNumber(lo_text);
  if (!hi || !lo || *hi < 10 || *hi > 20 || *lo > 99) return std::nullopt;
  return static_cast<int>(*hi) * 100 + static_cast<int>(*lo);
}

bool SpokenYearRule(Resolver& r, const Match& m, Timex& t) {
  auto y = SpokenYear(m.Get("yw"));
  if (!y) return false;
  return SetDate(r, t, fmt::format("{:04d}", *y), Granularity::kYear);
}

// "the year" (a year-long period), "the full year", "the current year".
bool TheYear(Resolver& r, const Match& m, Timex& t) {
  std::size_t after = m.end;
  if (after < m.text.size() && (m.text[after] == '-' || m.text[after] == '\'')) return false;  // "the year-earlier", "the year's"
  std::string adj = m.Lower("adj");
  // "the (fiscal) year ended Sept. 30", "throughout the year": the twelve
  // months as a period. A bare "the year" ("a high for the year") is the
  // current year, a DATE, like "this year".
  std::string_view rest = m.text.substr(after, std::min<std::size_t>(16, m.text.size() - after));
  std::string before = PreviousWord(m);
  bool period = rest.starts_with(" ended") || rest.starts_with(" ending") || rest.starts_with(" to date") ||
                before == "throughout" || before == "over";
  if ((adj.empty() || adj == "fiscal") && period) {
    t.type = TimexType::kDuration;
    t.value = "P1Y";
    t.duration = TimexDurationSeconds(t.value);
    return true;
  }
  t.relative = true;
  return SetDate(r, t, fmt::format("{:04d}", r.dct().year), Granularity::kYear);
}

// "the end of the year", "year-end", "the beginning of the month".
bool PeriodEdge(Resolver& r, const Match& m, Timex& t) {
  std::string edge = m.Has("edge") ? m.Lower("edge") : m.Lower("edge2");
  std::string unit = m.Has("unit") ? m.Lower("unit") : m.Lower("unit2");
  t.mod = edge == "end" ? "END" : (edge == "middle" ? "MID" : "START");
  t.relative = true;
  if (unit == "month") return SetDate(r, t, MonthValue(r.dct().year, r.dct().month), Granularity::kMonth);
  return SetDate(r, t, fmt::format("{:04d}", r.dct().year), Granularity::kYear);
}

bool Decade(Resolver& r, const Match& m, Timex& t) {
  std::string century = m.Has("c") ? std::string(m.Get("c")) : "19";
  std::string digit(m.Has("dd") ? m.Get("dd") : m.Get("dd2"));
  if (m.Has("dw")) {  // "the nineties": decades of the 1900s, as in "the '90s"
    static const std::map<std::string, std::string, std::less<>> kWords = {
        {"twenties", "2"}, {"thirties", "3"}, {"forties", "4"}, {"fifties", "5"},
        {"sixties", "6"},  {"seventies", "7"}, {"eighties", "8"}, {"nineties", "9"}};
    auto it = kWords.find(m.Lower("dw"));
    if (it == kWords.end()) return false;
    digit = it->second;
  }
  t.mod = PointMod(m.Get("pmod"));
  return SetDate(r, t, century + digit, Granularity::kDecade);
}

bool Century(Resolver& r, const Match& m, Timex& t) {
  std::string ord = m.Lower("ord");
  int n = 0;
  std::size_t k = 0;
  while (k < ord.size() && std::isdigit(static_cast<unsigned char>(ord[k]))) ++k;
  if (k > 0) ParseInt(std::string_view(ord).substr(0, k), n);
  else n = LexInt(Lex().ordinals, ord, 0, 0);
  if (n < 1 || n > 30) return false;
  t.mod = PointMod(m.Get("pmod"));
  return SetDate(r, t, fmt::format("{:02d}", n - 1), Granularity::kCentury);
}

bool Quarter(Resolver& r, const Match& m, Timex& t) {
  // "quarter-to-quarter", "period-to-period": a compound modifier, not a time.
  if (m.text.substr(m.end, 4) == "-to-") return false;
  std::string rel = m.Lower("rel");
  int year = r.dct().year;
  bool explicit_year = false;
  std::string yref = m.Lower("yref");
  for (std::string_view ys : {std::string_view(yref), m.Get("y2")}) {
    if (ys.size() >= 4 && std::isdigit(static_cast<unsigned char>(ys[0]))) explicit_year = ParseInt(ys.substr(0, 4), year);
  }
  if (yref.starts_with("last")) year -= 1, explicit_year = true;
  if (yref.starts_with("next")) year += 1, explicit_year = true;
  if (yref.starts_with("this")) explicit_year = true;
  if (m.Has("q")) {
    auto q = WordQuarter(m.Get("q"));
    if (!q) return false;
    if (m.Get("hy") == "-" && m.Has("the") && !m.Has("ya") && !m.Has("yref")) {
      t.begin = static_cast<std::size_t>(m.Get("q").data() - m.text.data());  // "the third-quarter results"
    }
    if (m.Has("ya")) {
      std::string ya = m.Lower("ya");
      if (ya == "year-ago" || ya == "year-earlier") year -= 1, explicit_year = true, r.shifted = true;
    }
    if (!explicit_year) {
      int tense = r.Tense(m);
      if (*q > r.dct_quarter() && tense <= 0 && m.Lower("q") != "final") {
        // A quarter not begun yet is last year's when spoken of in the past;
        // a quarter later in the year is this year's when anticipated.
        if (tense < 0) year -= 1;
      }
    }
    t.relative = !explicit_year;
    return SetDate(r, t, QuarterValue(year, *q), Granularity::kQuarter);
  }
  // "the 1989 period" in results reporting: the quarter under discussion, in that year.
  std::string recent = r.RecentQuarter(m);
  if (m.Get("unit") == "period" && explicit_year && !recent.empty() && r.last.granularity != Granularity::kQuarter) {
    t.relative = true;
    t.type = TimexType::kDate;
    t.value = QuarterValue(year, recent.back() - '0');
    return true;
  }
  if (m.Get("unit") == "period" && r.last.granularity != Granularity::kQuarter && rel != "latest" &&
      m.Lower("ya") != "year-ago" && m.Lower("ya") != "year-earlier" && rel != "year-ago" && rel != "year-earlier")
    return false;
  t.relative = true;
  std::string value;
  bool ref_quarter = r.last.granularity == Granularity::kQuarter;
  if (rel.empty() || rel == "comparable" || rel == "same") {
    std::string ya = m.Lower("ya");
    if (ya == "year-ago" || ya == "year-earlier") rel = ya;
  }
  if (explicit_year) {  // "the 1988 period", "last year's quarter": the reference quarter in that year
    int q = ref_quarter ? r.last.value.back() - '0' : (r.dct_quarter() + 2) % 4 + 1;
    t.type = TimexType::kDate;
    t.value = QuarterValue(year, q);
    return true;
  }
  if (rel == "year-ago" || rel == "year-earlier") {
    r.shifted = true;
    value = ref_quarter ? ShiftValue(r.last.value, -1) : QuarterValue(r.dct().year - 1, r.dct_quarter() - 1);
    t.type = TimexType::kDate;
    t.value = value;
    return true;  // do not make the year-ago quarter the new reference
  }
  // "the quarter", "this quarter", "the latest quarter" in results reporting:
  // the quarter under discussion if it is over, else the last completed one.
  std::string completed = QuarterValue(r.dct().year, r.dct_quarter() - 1);
  std::string discussed = ref_quarter && r.last.value <= completed ? r.last.value : completed;
  if (rel == "current") value = QuarterValue(r.dct().year, r.dct_quarter());
  else if (rel == "this" || rel == "latest" || rel == "recent") value = discussed;
  else if (rel == "next" || rel == "coming") value = QuarterValue(r.dct().year, r.dct_quarter() + 1);
  else if (rel == "last" || rel == "previous" || rel == "prior" || rel == "past")
    value = QuarterValue(r.dct().year, r.dct_quarter() - 1);
  else if (!m.Has("the") && rel.empty()) return false;
  else value = discussed;
  t.type = TimexType::kDate;
  t.value = value;
  return true;
}

bool Half(Resolver& r, const Match& m, Timex& t) {
  std::string h = m.Lower("h");
  int half = h == "first" ? 1 : 2;
  int year = r.dct().year;
  std::string y = m.Lower("y");
  if (!y.empty() && std::isdigit(static_cast<unsigned char>(y[0]))) ParseInt(std::string_view(y).substr(0, 4), year);
  else if (y.starts_with("last")) year -= 1;
  else if (y.starts_with("next")) year += 1;
  else if (y.empty()) {
    t.relative = true;
    if (half == 2 && r.dct().month <= 6 && r.Tense(m) < 0) year -= 1;
  }
  return SetDate(r, t, fmt::format("{:04d}-H{}", year, half), Granularity::kQuarter);
}

bool Relative(Resolver& r, const Match& m, Timex& t) {
  std::string rel = m.Lower("rel");
  std::string unit = m.Lower("unit");
  if (rel.starts_with("the ")) rel = rel.substr(4);
  int dir = 0;
  if (rel == "last" || rel == "past" || rel == "previous" || rel == "prior") dir = -1;
  else if (rel == "next" || rel == "coming" || rel == "following") dir = 1;
  else if (rel == "this" || rel == "current") dir = 0;
  else if (rel == "that" || rel == "same") dir = 2;  // the reference
  else return false;
  t.mod = PointMod(m.Get("pmod"));
  t.relative = true;
  const CivilDate& c = r.dct();
  if (dir == 2) {
    if (unit == "year" && r.last.value.size() >= 4) return SetDate(r, t, r.last.value.substr(0, 4), Granularity::kYear);
    if (unit == "day" && r.last.granularity == Granularity::kDay) return SetDate(r, t, r.last.value, Granularity::kDay);
    if (unit == "month" && r.last.value.size() >= 7 && r.last.value[4] == '-' && r.last.value[5] != 'Q' && r.last.value[5] != 'W')
      return SetDate(r, t, r.last.value.substr(0, 7), Granularity::kMonth);
    if (unit == "quarter" && !r.RecentQuarter(m).empty()) {  // "that quarter": the one just mentioned
      t.type = TimexType::kDate;
      t.value = r.RecentQuarter(m);
      return true;
    }
    return false;
  }
  if ((rel == "following" || rel == "previous" || rel == "prior") && r.last.value.size() >= 4 && unit == "year" &&
      std::isdigit(static_cast<unsigned char>(r.last.value[0]))) {
    int y = 0;
    if (ParseInt(std::string_view(r.last.value).substr(0, 4), y)) return SetDate(r, t, fmt::format("{:04d}", y + dir), Granularity::kYear);
  }
  // "the following month": the month after the one just spoken of.
  if ((rel == "following" || rel == "previous" || rel == "prior") && unit == "month" && r.last.value.size() >= 7 &&
      r.last.value[4] == '-' && std::isdigit(static_cast<unsigned char>(r.last.value[5])) &&
      (r.last.granularity == Granularity::kMonth || r.last.granularity == Granularity::kDay)) {
    int y = 0, mo = 0;
    if (ParseInt(std::string_view(r.last.value).substr(0, 4), y) && ParseInt(std::string_view(r.last.value).substr(5, 2), mo))
      return SetDate(r, t, MonthValue(y, mo + dir), Granularity::kMonth);
  }
  if (unit == "year" || unit == "fiscal year") return SetDate(r, t, fmt::format("{:04d}", c.year + dir), Granularity::kYear);
  if (unit == "month") return SetDate(r, t, MonthValue(c.year, c.month + dir), Granularity::kMonth);
  if (unit == "quarter") {
    t.type = TimexType::kDate;
    t.value = QuarterValue(c.year, r.dct_quarter() + dir);
    return true;
  }
  if (unit == "week") return SetDate(r, t, WeekValue(r.dct_days() + 7 * dir), Granularity::kWeek);
  if (unit == "weekend") {
    std::int64_t d = r.dct_days();
    std::int64_t saturday = d - ((IsoWeekday(d) - 6 + 7) % 7);  // on or before
    if (dir > 0 || (dir == 0 && IsoWeekday(d) < 6 && r.Tense(m) > 0)) saturday += 7;
    if (dir < 0 && IsoWeekday(d) >= 6) saturday -= 7;
    return SetDate(r, t, WeekValue(saturday) + "-WE", Granularity::kWeek);
  }
  if (unit == "decade") return SetDate(r, t, fmt::format("{:03d}", c.year / 10 + dir), Granularity::kDecade);
  if (unit == "century") return SetDate(r, t, fmt::format("{:02d}", c.year / 100 + dir), Granularity::kCentury);
  if (unit == "day") return SetDate(r, t, DayValue(r.dct_days() + dir), Granularity::kDay);
  if (const LexiconEntry* pod = Lex().parts_of_day.Find(unit)) {
    if (dir != 0) return false;
    t.type = TimexType::kTime;
    t.value = DayValue(r.dct_days()) + "T" + std::string(pod->Column(0));
    return true;
  }
  if (const LexiconEntry* season = Lex().seasons.Find(unit)) {
    int start = 0;
    ParseInt(season->Column(1), start);
    int year = c.year;
    // The season occurrence containing the DCT (winter starts in December).
    int season_year = (start == 12 && c.month < 3) ? year - 1 : year;
    bool before = c.month < start && !(start == 12 && c.month < 3);
    // "last summer": the latest one already over; "next summer": the next one not begun.
    bool over = !before && !(start == 12 ? c.month == 12 || c.month < 3 : c.month < start + 3);
    if (dir < 0) season_year = over ? season_year : season_year - 1;
    if (dir > 0) season_year = before ? season_year : season_year + 1;
    return SetDate(r, t, fmt::format("{:04d}-{}", season_year, season->Column(0)), Granularity::kSeason);
  }
  if (int wd = LexInt(Lex().weekdays, unit, 0, 0); wd > 0) {
    // "the previous Friday" is anaphoric: the Friday before the day just spoken of.
    int y = 0, mo = 0, dd = 0;
    if ((rel == "previous" || rel == "prior") && r.last.granularity == Granularity::kDay && r.last.value.size() == 10 &&
        ParseInt(std::string_view(r.last.value).substr(0, 4), y) && ParseInt(std::string_view(r.last.value).substr(5, 2), mo) &&
        ParseInt(std::string_view(r.last.value).substr(8, 2), dd)) {
      std::int64_t ref = DaysFromCivil(y, mo, dd);
      std::int64_t back = ref - ((IsoWeekday(ref) - wd + 7) % 7);
      return SetDate(r, t, DayValue(back == ref ? ref - 7 : back), Granularity::kDay);
    }
    return SetDate(r, t, DayValue(ResolveWeekday(r, m, wd, rel)), Granularity::kDay);
  }
  if (int mo = LexInt(Lex().months, unit, 0, 0); mo > 0) {
    return SetDate(r, t, MonthValue(ResolveYear(r, m, mo, 0, rel == "past" ? "last" : rel), mo), Granularity::kMonth);
  }
  return false;
}

bool Deictic(Resolver& r, const Match& m, Timex& t) {
  std::string w = m.Lower("w");
  std::string pod = m.Lower("pod");
  t.mod = PointMod(m.Get("pmod"));
  t.relative = true;
  int shift = 0;
  if (w == "yesterday" || w == "last night") shift = -1;
  else if (w == "tomorrow") shift = 1;
  else if (w == "today" && m.end + 1 < m.text.size() && m.text[m.end] == '\'' && (m.text[m.end + 1] == 's' || m.text[m.end + 1] == 'S'))
    return false;  // "today's youth": the present era, not the day
  if (w != "today" && w != "tonight" && w != "yesterday" && w != "tomorrow" && w != "last night") {
    t.type = TimexType::kDate;
    if (w == "now" || w == "right now" || w == "currently" || w == "current" || w == "presently" || w == "nowadays" ||
        w == "at present" || w == "the present" || w == "these days")
      t.value = "PRESENT_REF";
    else if (w.ends_with("future"))
      t.value = "FUTURE_REF";
    else
      t.value = "PAST_REF";
    t.mod.clear();
    return true;
  }
  std::string day = DayValue(r.dct_days() + shift);
  if (w == "last night") pod = "night";  // TimeML: yesterday's night, "...TNI"
  if (!pod.empty()) {
    const LexiconEntry* p = Lex().parts_of_day.Find(pod);
    if (!p) return false;
    t.type = TimexType::kTime;
    t.value = day + "T" + std::string(p->Column(0));
    return true;
  }
  return SetDate(r, t, day, Granularity::kDay);
}

// "mid-afternoon", "late morning yesterday": that part of the day (TimeML "...TAF").
bool PartOfDay(Resolver& r, const Match& m, Timex& t) {
  const LexiconEntry* p = Lex().parts_of_day.Find(m.Lower("pod"));
  if (!p) return false;
  std::string w = m.Lower("w");
  std::int64_t day = r.dct_days() + (w == "yesterday" ? -1 : w == "tomorrow" ? 1 : 0);
  t.mod = PointMod(m.Get("pmod"));
  t.relative = true;
  t.type = TimexType::kTime;
  t.value = DayValue(day) + "T" + std::string(p->Column(0));
  return true;
}

bool Weekend(Resolver& r, const Match& m, Timex& t) {
  std::int64_t d = r.dct_days();
  std::int64_t saturday = d - ((IsoWeekday(d) - 6 + 7) % 7);  // on or before
  if (IsoWeekday(d) < 6 && r.Tense(m) > 0) saturday += 7;
  t.relative = true;
  return SetDate(r, t, WeekValue(saturday) + "-WE", Granularity::kWeek);
}

std::string Expand(std::string pattern);

bool Weekday(Resolver& r, const Match& m, Timex& t) {
  int wd = LexInt(Lex().weekdays, m.Get("wd"), 0, 0);
  if (wd == 0) return false;
  t.mod = PointMod(m.Get("pmod"));
  t.relative = true;
  // "on Mondays", "Tuesday nights": every such day, a SET; in "Monday and
  // Tuesday nights" the first day shares the plural and the part of the day.
  std::string pod = m.Lower("pod");
  bool plural = m.Has("pl") || m.Has("pl2");
  if (!plural && pod.empty()) {
    static const RE2 kShared(Expand(R"((?i)^\s+(?:and|or)\s+{WD}(?:s|\s+({POD})s)\b)"));
    re2::StringPiece shared_pod;
    std::string_view rest = m.text.substr(m.end, std::min<std::size_t>(40, m.text.size() - m.end));
    if (RE2::PartialMatch(re2::StringPiece(rest.data(), rest.size()), kShared, &shared_pod))
      plural = true, pod = ToLowerAscii(std::string_view(shared_pod.data(), shared_pod.size()));
  }
  if (plural) {
    t.type = TimexType::kSet;
    t.value = fmt::format("XXXX-WXX-{}", wd);
    if (const LexiconEntry* p = pod.empty() ? nullptr : Lex().parts_of_day.Find(pod)) t.value += "T" + std::string(p->Column(0));
    return true;
  }
  std::int64_t day = ResolveWeekday(r, m, wd, m.Lower("rel"));
  SetDate(r, t, DayValue(day), Granularity::kDay);
  // TimeML writes a part of the day after the date ("1998-08-07TEV");
  // TimeBank does so for "Friday evening" but mostly gives the bare day for
  // "Friday night" / "Friday morning", often tagging "Friday" alone.
  if (m.Lower("pod") == "evening") t.value += "TEV";
  return true;
}

bool Holiday(Resolver& r, const Match& m, Timex& t) {
  std::string_view rule = LexStr(Lex().holidays, m.Get("hol"), 0);
  if (rule.empty()) return false;
  auto date_in = [&](int year) -> std::optional<std::int64_t> {
    int mo = 0, n = 0, wd = 0, plus = 0;
    if (rule.starts_with("easter")) {
      ParseInt(rule.substr(6 + (rule[6] == '+')), plus);
      return EasterDays(year) + plus;
    }
    if (rule.size() == 5 && rule[2] == '-') {
      int d = 0;
      if (!ParseInt(rule.substr(0, 2), mo) || !ParseInt(rule.substr(3), d)) return std::nullopt;
      return DaysFromCivil(year, mo, d);
    }
    std::size_t s1 = rule.find('/'), s2 = rule.find('/', s1 + 1);
    if (s1 == std::string_view::npos || s2 == std::string_view::npos) return std::nullopt;
    std::string_view wdpart = rule.substr(s2 + 1);
    std::size_t p = wdpart.find('+');
    if (p != std::string_view::npos) ParseInt(wdpart.substr(p + 1), plus), wdpart = wdpart.substr(0, p);
    if (!ParseInt(rule.substr(0, s1), mo) || !ParseInt(rule.substr(s1 + 1, s2 - s1 - 1), n) || !ParseInt(wdpart, wd))
      return std::nullopt;
    std::int64_t d;
    if (n > 0) {
      std::int64_t first = DaysFromCivil(year, mo, 1);
      d = first + (wd - IsoWeekday(first) + 7) % 7 + 7 * (n - 1);
    } else {
      std::int64_t last = DaysFromCivil(year, mo, DaysInMonth(year, mo));
      d = last - (IsoWeekday(last) - wd + 7) % 7;
    }
    return d + plus;
  };
  std::string rel = m.Lower("rel");
  int year = r.dct().year;
  auto d = date_in(year);
  if (!d) return false;
  int tense = rel == "last" ? -1 : rel == "next" ? 1 : rel == "this" ? 0 : r.Tense(m);
  if (tense < 0 && *d > r.dct_days()) d = date_in(year - 1);
  if (tense > 0 && *d < r.dct_days()) d = date_in(year + 1);
  t.relative = true;
  return SetDate(r, t, DayValue(*d), Granularity::kDay);
}

bool Season(Resolver& r, const Match& m, Timex& t) {
  const LexiconEntry* season = Lex().seasons.Find(m.Lower("season"));
  if (!season) return false;
  std::string rel = m.Lower("rel");
  if (m.Has("yw")) {  // "the winter of nineteen ninety-four"
    auto y = SpokenYear(m.Get("yw"));
    if (!y) return false;
    t.mod = PointMod(m.Get("pmod"));
    return SetDate(r, t, fmt::format("{:04d}-{}", *y, season->Column(0)), Granularity::kSeason);
  }
  if (rel.empty() && !m.Has("y")) {
    std::string prev = PreviousWord(m);
    if (prev != "in" && prev != "during" && prev != "this" && prev != "by" && prev != "until" && prev != "since" &&
        prev != "through" && prev != "the" && !m.Has("pmod"))
      return false;
  }
  int year = r.dct().year;
  if (m.Has("y")) {
    ParseInt(m.Get("y"), year);
  } else if (rel == "last" || rel == "the past") {
    int start = 0;
    ParseInt(season->Column(1), start);
    year = (r.dct().month >= start + 3 || start == 12) ? year - (start == 12 ? 1 : 0) : year - 1;
    if (start == 12 && r.dct().month == 12) year -= 1;
  } else if (rel == "next" || rel == "the coming") {
    int start = 0;
    ParseInt(season->Column(1), start);
    year = r.dct().month >= start ? year + 1 : year;
  }
  t.mod = PointMod(m.Get("pmod"));
  t.relative = !m.Has("y");
  return SetDate(r, t, fmt::format("{:04d}-{}", year, season->Column(0)), Granularity::kSeason);
}

bool Duration(Resolver& r, const Match& m, Timex& t) {
  std::string n = m.Lower("n");
  std::string unit = m.Lower("unit");
  if ((n == "a" || n == "an" || n == "one") && (unit == "second" || unit == "seconds")) return false;
  static const RE2 kAge(R"(^\s+old\b)");
  if (RE2::PartialMatch(m.text.substr(m.end, 8), kAge)) return false;  // "52 years old"
  // "a quarter of the market": a fraction, not three months.
  static const RE2 kOf(R"(^\s+of\b)");
  if (unit == "quarter" && n == "a" && !m.Has("dir") && RE2::PartialMatch(m.text.substr(m.end, 6), kOf)) return false;
  std::optional<double> value = ParseNumber(n);
  bool vague = !value;
  if (vague && n != "several" && n != "a few" && n != "few" && n != "many" && n != "the") return false;
  if (value && *value > 100000) return false;
  std::string rel = m.Lower("rel");
  std::string dir = m.Lower("dir");
  t.mod = DurationMod(m.Get("mod"));
  std::string val;
  if (vague) {
    val = unit.starts_with("quarter") ? "PXQ" : VagueDuration(unit);  // counted in quarters, like "P2Q"
  } else if (unit.starts_with("quarter") && *value == std::floor(*value) && !m.Has("unit2") && dir.empty()) {
    val = fmt::format("P{}Q", static_cast<long long>(*value));  // TimeBank writes quarters as "P2Q"
  } else {
    DurationParts parts;
    int index = 0;
    double factor = 1;
    if (!UnitIndex(unit, index, factor)) return false;
    parts.Add(*value * factor, index);
    if (m.Has("half")) parts.Add(0.5 * factor, index);
    if (m.Has("unit2")) {
      auto n2 = ParseNumber(m.Get("n2"));
      int index2 = 0;
      double factor2 = 1;
      if (!n2 || !UnitIndex(m.Get("unit2"), index2, factor2)) return false;
      parts.Add(*n2 * factor2, index2);
    }
    val = parts.Value();
  }
  auto as_duration = [&] {
    t.type = TimexType::kDuration;
    t.value = val;
    t.duration = TimexDurationSeconds(val);
    return true;
  };
  if (dir.empty()) return as_duration();
  // "three days later", "an hour later": anchored on an event, not on the
  // DCT; TimeBank marks the quantity as a DURATION and leaves "later" outside.
  int unit_index = 0;
  double unit_factor = 1;
  bool clock_scale = UnitIndex(unit, unit_index, unit_factor) && unit_index > 3;  // hours, minutes, seconds
  if (dir == "later" || clock_scale) {
    t.end = static_cast<std::size_t>(m.Get("dir").data() - m.text.data());
    while (t.end > t.begin && m.text[t.end - 1] == ' ') --t.end;
    return as_duration();
  }
  // "two years ago", "a year earlier": a DATE at the unit's granularity.
  t.relative = true;
  t.type = TimexType::kDate;
  if (vague || !value || *value != std::floor(*value)) {
    t.value = dir == "ago" || dir == "earlier" ? "PAST_REF" : "FUTURE_REF";
    return true;
  }
  int k = static_cast<int>(*value) * (dir == "ago" || dir == "earlier" || dir == "before" ? -1 : 1);
  int index = 0;
  double factor = 1;
  if (!UnitIndex(unit, index, factor)) return false;
  k *= static_cast<int>(factor);
  const CivilDate& c = r.dct();
  std::string lead = unit.substr(0, 4);
  // In results reporting "a year ago" compares with the quarter (or month) under discussion.
  if (lead == "year" && k == -1 && !r.RecentQuarter(m).empty()) {
    r.shifted = true;
    t.value = ShiftValue(r.RecentQuarter(m), k);
    return !t.value.empty();
  }
  switch (index) {
    case 0: t.value = fmt::format("{:04d}", c.year + k); return true;
    case 1: t.value = MonthValue(c.year, c.month + k); return true;
    case 2: t.value = WeekValue(r.dct_days() + 7 * k); return true;
    case 3: t.value = DayValue(r.dct_days() + k); return true;
    default: return false;
  }
}

bool AdjDuration(Resolver&, const Match& m, Timex& t) {
  if (m.groups[0].ends_with("old")) return false;  // an age, not a period
  t.type = TimexType::kDuration;
  if (m.Lower("n") == "several" || m.Lower("n") == "multi") {  // "several-year": a vague number of units
    t.value = VagueDuration(m.Get("unit"));
    return true;
  }
  // "day-long", "year-long": one unit.
  auto value = m.Has("n") ? ParseNumber(m.Get("n")) : std::optional<double>(1);
  if (!value) return false;
  DurationParts parts;
  int index = 0;
  double factor = 1;
  if (!UnitIndex(m.Has("unit") ? m.Get("unit") : m.Get("unit1"), index, factor)) return false;
  parts.Add(*value * factor, index);
  t.value = parts.Value();
  t.duration = TimexDurationSeconds(t.value);
  return true;
}

bool BarePlural(Resolver&, const Match& m, Timex& t) {
  static const RE2 kAge(R"(^\s+old\b)");
  if (RE2::PartialMatch(m.text.substr(m.end, 8), kAge)) return false;  // "52 years old"
  if (PreviousWord(m) == "of") return false;                           // "hundreds of years"
  t.type = TimexType::kDuration;
  t.value = VagueDuration(m.Has("unit2") ? m.Get("unit2") : m.Get("unit"));
  t.mod = DurationMod(m.Get("mod"));
  return true;
}

bool YearEarlier(Resolver& r, const Match& m, Timex& t) {
  t.relative = true;
  t.type = TimexType::kDate;
  if (!r.RecentQuarter(m).empty()) {
    r.shifted = true;
    t.value = ShiftValue(r.RecentQuarter(m), -1);
  } else if (r.last.granularity == Granularity::kMonth || r.last.granularity == Granularity::kYear) {
    t.value = ShiftValue(r.last.value, -1);
  } else {
    t.value = fmt::format("{:04d}", r.dct().year - 1);
  }
  (void)m;
  return !t.value.empty();
}

bool Set(Resolver&, const Match& m, Timex& t) {
  std::string w = m.Lower("w");
  std::string unit = m.Lower("unit");
  if (m.Has("wa")) w = m.Lower("wa"), unit = m.Lower("unit3");
  t.type = TimexType::kSet;
  static const std::map<std::string, std::string, std::less<>> kAdverbs = {
      {"daily", "P1D"},   {"weekly", "P1W"}, {"monthly", "P1M"},  {"annually", "P1Y"}, {"yearly", "P1Y"},
      {"quarterly", "P3M"}, {"hourly", "PT1H"}, {"nightly", "P1D"}, {"biweekly", "P2W"}, {"semiannually", "P6M"}};
  if (auto it = kAdverbs.find(w); it != kAdverbs.end()) {
    t.value = it->second;
    return true;
  }
  if (w == "a" || w == "per") {
    std::string prev = PreviousWord(m);
    bool quantity = prev == "$" || prev == "%" || prev == "once" || prev == "twice" || prev == "times" ||
                    prev == "thrice" || (!prev.empty() && std::isdigit(static_cast<unsigned char>(prev.back()))) ||
                    ParseNumber(prev).has_value() || prev == "million" || prev == "billion" || prev == "percent";
    if (!quantity && w == "a") return false;
  }
  if (int wd = LexInt(Lex().weekdays, unit, 0, 0); wd > 0) {
    t.value = fmt::format("XXXX-WXX-{}", wd);
    return true;
  }
  if (int mo = LexInt(Lex().months, unit, 0, 0); mo > 0) {
    t.value = fmt::format("XXXX-{:02d}", mo);
    return true;
  }
  if (const LexiconEntry* pod = Lex().parts_of_day.Find(unit)) {
    t.value = "XXXX-XX-XXT" + std::string(pod->Column(0));
    return true;
  }
  DurationParts parts;
  int index = 0;
  double factor = 1;
  if (!UnitIndex(unit, index, factor)) return false;
  double n = 1;
  if (m.Has("n")) {
    auto v = ParseNumber(m.Get("n"));
    if (!v) return false;
    n = *v;
  }
  if (unit.starts_with("quarter") && n == std::floor(n)) {  // "every quarter": P1Q, as durations count quarters
    t.value = fmt::format("P{}Q", static_cast<long long>(n));
    return true;
  }
  parts.Add(n * factor, index);
  t.value = parts.Value();
  return true;
}

bool ClockTime(Resolver& r, const Match& m, Timex& t) {
  int h = 0, mi = 0;
  std::string word = m.Lower("word");
  std::string ap = m.Has("ap") ? m.Lower("ap") : m.Lower("ap2");
  ap.erase(std::remove_if(ap.begin(), ap.end(), [](char c) { return c == '.' || c == ' '; }), ap.end());
  if (word == "noon" || word == "midday") h = 12;
  else if (word == "midnight") h = 0;
  else {
    if (!ParseInt(m.Get("h"), h)) return false;
    if (m.Has("mi") && !ParseInt(m.Get("mi"), mi)) return false;
    bool has_zone = m.Has("zone") || m.Has("place") || m.Has("off") || m.Has("iana") ||
                    m.Has("local") || m.Has("city");
    if (!m.Has("mi") && ap.empty() && !m.Has("oclock") && !m.Has("inthe")) return false;
    if (m.Has("mi") && m.Get("sep") == "." && ap.empty()) return false;
    if (!has_zone && ap.empty() && m.Has("mi") && m.Get("h").size() == 1 && m.Get("sep") != ":") return false;
    if (ap == "pm" && h < 12) h += 12;
    if (ap == "am" && h == 12) h = 0;
    std::string inthe = m.Lower("inthe");
    if ((inthe.ends_with("afternoon") || inthe.ends_with("evening") || inthe.ends_with("night")) && h < 12) h += 12;
    if (h > 24 || mi > 59) return false;
  }
  std::int64_t day = r.dct_days();
  // A bare clock time belongs to the day just named ("on Friday ... at 10:35 a.m.").
  constexpr std::size_t kDayReach = 1000;  // bytes: a paragraph or so, as for the quarter under discussion
  int ly = 0, lm = 0, ld = 0;
  if (!r.last_day.empty() && m.begin >= r.last_day_end && m.begin - r.last_day_end <= kDayReach &&
      ParseInt(std::string_view(r.last_day).substr(0, 4), ly) && ParseInt(std::string_view(r.last_day).substr(5, 2), lm) &&
      ParseInt(std::string_view(r.last_day).substr(8, 2), ld))
    day = DaysFromCivil(ly, lm, ld);
  std::string wd = m.Lower("wd");
  if (wd == "yesterday") day -= 1;
  else if (wd == "tomorrow") day += 1;
  else if (int w = LexInt(Lex().weekdays, wd, 0, 0); w > 0) day = ResolveWeekday(r, m, w, "");
  if (m.Has("mon")) {
    int mo = LexInt(Lex().months, m.Get("mon"), 0), d = 0;
    if (mo == 0 || !ParseInt(m.Get("md"), d)) return false;
    int y = ResolveYear(r, m, mo, d, "");
    if (!IsValidDate(y, mo, d)) return false;
    day = DaysFromCivil(y, mo, d);
  }
  std::string zone;
  if (m.Has("zone")) {
    zone = LexStr(Lex().zones, m.Get("zone"), 0);
  } else if (m.Has("place")) {
    zone = LexStr(Lex().zones, m.Get("place"), 0);
  } else if (m.Has("city")) {  // "10:22 am in Sydney"
    zone = LexStr(Lex().zones, m.Get("city"), 0);
  } else if (m.Has("off")) {
    zone = OffsetName(ParseOffset(m.Get("off")));
  } else if (m.Has("iana")) {
    if (IsKnownZone(m.Get("iana"))) zone = m.Get("iana");
  } else if (m.Has("lplace")) {
    zone = LexStr(Lex().zones, m.Get("lplace"), 0);
  } else if (m.Has("local")) {
    // "9am local" and "local time"; "10 a.m. local residents" names no zone.
    std::string_view local = m.Get("local");
    auto local_begin = static_cast<std::size_t>(local.data() - m.text.data());
    std::size_t k = local_begin + local.size();
    while (k < m.sentence_end && m.text[k] == ' ') ++k;
    if (local_begin + local.size() == m.end && k < m.sentence_end && IsWordChar(m.text[k])) {
      while (local_begin > m.begin && m.text[local_begin - 1] == ' ') --local_begin;
      t.end = local_begin;
    } else {
      zone = "local";
    }
  }
  t.utc_offset = r.ctx().utc_offset;
  if (!zone.empty() && zone != "local") {
    if (auto offset = OffsetForLocal(zone, day * kDay + h * kHour + mi * kMinute))
      t.utc_offset = *offset;
    else
      zone.clear();
  }
  t.zone = std::move(zone);
  t.type = TimexType::kTime;
  t.relative = true;
  t.value = fmt::format("{}T{:02d}:{:02d}", DayValue(day), h, mi);
  return true;
}

// Patterns use {NAME} placeholders for lexicon alternations.
std::string Expand(std::string pattern) {
  const Lexicons& L = Lex();
  // A clock time's zone ("ET", "UTC+9", "Moscow time", "local time in
  // Tehran", "Europe/Kyiv") and day (", on Monday", " on November 7").
  const std::pair<const char*, const char*> kTails[] = {
      {"{ZONETAIL}",
       R"((?:\s+(?:(?P<zone>{ZONEABBR})\b|\(?(?P<off>(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2})\)?|(?P<place>{ZONEPLACE})\s+time\b|in\s+(?P<city>{ZONECITY})\b|(?P<local>local)\b(?:\s+time\b(?:\s+in\s+(?P<lplace>{ZONEPLACE})\b)?)?|(?P<iana>(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_]+(?:/[A-Za-z_]+)?)))?)"},
      {"{DAYTAIL}",
       R"((?:,?\s+(?:on\s+)?(?:(?P<wd>{WD}|today|tonight|yesterday|tomorrow)|(?P<mon>{MONTH})\s*(?P<md>\d{1,2}))\b)?)"},
  };
  for (const auto& [slot, tail] : kTails) {
    std::size_t pos;
    while ((pos = pattern.find(slot)) != std::string::npos)
      pattern.replace(pos, std::string_view(slot).size(), tail);
  }
  std::string num_word = L.numbers.Alternation(1, "");
  std::string num_phrase = L.numbers.Alternation(1, "phrase");
  const std::map<std::string, std::string> kSlots = {
      {"{MONTH}", L.months.Alternation()},
      {"{MONTHFULL}", L.months.Alternation(1, "full")},
      {"{WD}", L.weekdays.Alternation()},
      {"{NUM}", "(?:\\d{1,3}(?:,\\d{3})*(?:\\.\\d+)?(?:\\s+1/2)?|" + num_word +
                    "(?:[\\s-]+(?:and\\s+)?" + num_word + "){0,2}|" + num_phrase + ")"},
      {"{NUMW}", num_word},
      {"{NUMPHRASE}", num_phrase},
      {"{SPOKENYEAR}",
       "(?:(?:nineteen|eighteen|twenty)\\s+(?:hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|"
       "eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|"
       "thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|two\\s+thousand(?:\\s+(?:"
       "and\\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
       "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?)"},
      {"{ORD}", L.ordinals.Alternation()},
      {"{UNIT}", L.units.Alternation()},
      {"{ZONEABBR}", L.zones.Alternation(1, "abbr")},
      {"{ZONEPLACE}", L.zones.Alternation(1, "place")},
      {"{ZONECITY}", L.zones.Alternation(2, "city")},
      {"{SEASON}", L.seasons.Alternation()},
      {"{POD}", L.parts_of_day.Alternation()},
      {"{HOLIDAY}", L.holidays.Alternation()},
      {"{DURMOD}", "(?:" + L.modifiers.Alternation(0, "APPROX") + "|" +
                       L.modifiers.Alternation(0, "MORE_THAN") + "|" +
                       L.modifiers.Alternation(0, "LESS_THAN") + "|" +
                       L.modifiers.Alternation(0, "EQUAL_OR_MORE") + "|" +
                       L.modifiers.Alternation(0, "EQUAL_OR_LESS") + ")"},
      {"{PMOD}", "(?:early|late|mid|earlier|later|the\\s+(?:beginning|start|end|middle)\\s+of)"},
  };
  for (const auto& [slot, alternation] : kSlots) {
    std::size_t pos;
    while ((pos = pattern.find(slot)) != std::string::npos) pattern.replace(pos, slot.size(), alternation);
  }
  return pattern;
}

struct RuleSpec {
  const char* name;
  const char* pattern;
  Handler handler;
  const char* trigger = nullptr;  // a cheaper pattern for the RE2::Set prefilter
};

// Order matters only for ties (same span): earlier wins.
const RuleSpec kRules[] = {
    {"iso",
     R"(\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?P<z>Z|[+-]\d{2}:?\d{2})?)?\b)",
     IsoDate},
    {"numeric_date", R"(\b(?P<mo>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b)", NumericDate},
    {"clock",
     R"((?i)\b(?:(?P<word>noon|midnight|midday)|(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<mi>\d{2})(?::[0-5]\d)?(?:\s*(?P<ap>[ap]\.\s?m\.?|[ap]m\b))?|\s*(?P<ap2>[ap]\.\s?m\.?|[ap]m\b)|(?P<oclock>\s+o'clock)|\s+(?P<inthe>in\s+the\s+(?:morning|afternoon|evening)|at\s+night))){ZONETAIL}{DAYTAIL})",
     ClockTime,
     R"((?i)\d[:.]\d\d|\d\s*[ap]\.?\s?m\b|o'clock|\bnoon\b|\bmidnight\b|\bmidday\b|\d\s+in\s+the\s+(?:morning|afternoon|evening)|\d\s+at\s+night)"},
    // "1026 GMT", "1530Z": four digits are a clock time only with a zone.
    {"clock_hhmm", R"(\b(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s?(?P<zone>{ZONEABBR})\b{DAYTAIL})",
     ClockTime, R"(\b[012]\d[0-5]\d\s?{ZONEABBR}\b)"},
    {"month_day",
     R"((?i)\b(?:(?P<wdp>{WD}),?\s+)?(?:(?P<pmod>early|late|mid)[\s-]+)?(?P<mon>{MONTH})\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{4})\b)?)",
     MonthDay, R"((?i){MONTH}\s*\d)"},
    {"day_month",
     R"((?i)\b(?:(?P<wdp>{WD}),?\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH})(?:,?\s+(?P<y>\d{4}))?\b)",
     MonthDay, R"((?i)\d\s+(?:of\s+)?{MONTH})"},
    {"month_year",
     R"((?i)\b(?:(?P<pmod>{PMOD})[\s-]+)?(?P<mon>{MONTH})(?:(?:\s+of)?,?\s+(?P<y>\d{4})|\s+(?P<yrel>this|last|next)\s+year|\s+(?P<yw>{SPOKENYEAR}))\b)",
     MonthYear, R"((?i){MONTH}(?:\s+of)?,?\s+(?:\d|this|last|next|nineteen|eighteen|twenty|two))"},
    {"month",
     R"((?i)\b(?:(?P<pmod>{PMOD})[\s-]+)?(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<mon>{MONTHFULL})\b)",
     MonthAlone, R"((?i)\b{MONTHFULL}\b)"},
    {"year",
     R"((?i)\b(?:(?P<pmod>{PMOD})[\s-]+)?(?:(?P<pre>fiscal(?:\s+year)?|calendar(?:\s+year)?|the\s+year|(?:the\s+)?(?:end|beginning|middle)\s+of|post|pre)[\s-]+)?(?P<y>1[6-9]\d\d|20\d\d)\b)",
     Year, R"(\b(?:1[6-9]|20)\d\d\b)"},
    {"spoken_year", R"((?i)\b(?:the\s+year\s+)?(?P<yw>{SPOKENYEAR})\b)", SpokenYearRule},
    {"the_year",
     R"((?i)\bthe\s+(?:(?P<adj>full|fiscal|latest\s+fiscal|current|calendar|entire|whole)\s+)?year\b)",
     TheYear},
    {"period_edge",
     R"((?i)\b(?:(?:the\s+)?(?P<edge>end|beginning|start|middle)\s+of\s+(?:the|this)\s+(?P<unit>year|month)|(?P<unit2>year)(?:[\s-]|'s\s+)(?P<edge2>end))\b)",
     PeriodEdge},
    {"decade",
     R"((?i)\b(?:the\s+)?(?:(?P<pmod>early|late|mid)[\s-]+)?(?:(?P<c>1\d|20)(?P<dd>\d)0|'(?P<dd2>\d)0)'?s\b)",
     Decade},
    {"decade_word",
     R"((?i)\bthe\s+(?:(?P<pmod>early|late|mid)[\s-]+)?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b)",
     Decade},
    {"century",
     R"((?i)\b(?:the\s+)?(?:(?P<pmod>early|late|mid)[\s-]+)?(?P<ord>\d{1,2}(?:st|nd|rd|th)|{ORD})[\s-]+century\b)",
     Century},
    {"quarter",
     R"((?i)\b(?:(?P<the>the)\s+)?(?:(?P<yref>(?:this|last|next)\s+year's|\d{4}(?:'s)?)\s+)?(?:(?P<ya>year-ago|year-earlier|comparable|corresponding|same)\s+)?(?:fiscal[\s-]+)?(?:(?P<q>{ORD}|final)(?P<hy>[\s-]+)(?:fiscal\s+)?quarter|(?:(?P<rel>latest|current|last|past|previous|recent|year-ago|year-earlier|prior|next|coming|this|same|comparable|fiscal)\s+)?(?:fiscal\s+)?(?P<unit>quarter|period))(?:\s+of\s+(?P<y2>\d{4}))?\b)",
     Quarter, R"((?i)\b(?:quarter|period)\b)"},
    {"half",
     R"((?i)\b(?:the\s+)?(?P<h>first|second|last|latter)[\s-]+half(?:\s+of\s+(?P<y>\d{4}|(?:this|last|next)\s+year))?\b)",
     Half},
    {"relative",
     R"((?i)\b(?:(?P<pmod>{PMOD})\s+)?(?:the\s+)?(?P<rel>this|last|next|past|coming|current|previous|same|that|following|prior)\s+(?P<unit>fiscal\s+year|year|month|week|weekend|quarter|decade|century|day|morning|afternoon|evening|night|{SEASON}|{WD}|{MONTHFULL})\b)",
     Relative,
     R"((?i)\b(?:this|last|next|past|coming|current|previous|same|that|following|prior)\s+(?:fiscal\s+year|year|month|week|weekend|quarter|decade|century|day|morning|afternoon|evening|night|{SEASON}|{WD}|{MONTHFULL})\b)"},
    {"week_of",
     R"((?i)\bthe\s+week\s+of\s+(?P<mon>{MONTH})\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?\b)",
     WeekOf, R"((?i)\bweek\s+of\s)"},
    {"part_of_day",
     R"((?i)\b(?P<pmod>early|late|mid)[\s-]?(?P<pod>morning|afternoon|evening)(?:\s+(?P<w>yesterday|today|tomorrow))?\b)",
     PartOfDay},
    {"weekend", R"((?i)\b(?P<w>(?:the|all|this|last|next)\s+)(?P<unit>weekend)\b)", Weekend},
    {"deictic",
     R"((?i)\b(?:(?P<pmod>early|late)\s+)?(?P<w>today|tonight|last\s+night|yesterday|tomorrow|(?:right\s+)?now|currently|presently|nowadays|recently|the\s+past|the\s+(?:near\s+|distant\s+)?future|the\s+present|at\s+present|these\s+days|recent\s+years|current)(?:\s+(?P<pod>morning|afternoon|evening|night))?\b)",
     Deictic},
    {"weekday",
     R"((?i)\b(?:(?P<pmod>early|late)\s+)?(?P<wd>{WD})(?P<pl>s)?(?:\s+(?P<pod>{POD})(?P<pl2>s)?)?\b)",
     Weekday, R"((?i)\b{WD})"},
    {"holiday", R"((?i)\b(?:(?P<rel>last|this|next)\s+)?(?P<hol>{HOLIDAY})\b)", Holiday},
    {"season",
     R"((?i)\b(?:(?P<pmod>early|late|mid)[\s-]+)?(?:(?P<rel>last|this|next|the\s+past|the\s+coming)\s+)?(?P<season>{SEASON})(?:\s+(?:of\s+)?(?P<y>\d{4})|\s+of\s+(?P<yw>{SPOKENYEAR}))?\b)",
     Season},
    {"duration",
     R"((?i)\b(?:(?P<mod>{DURMOD})\s+)?(?:(?P<the>the)\s+)?(?:(?P<rel>past|last|next|first|coming|previous|following|final|remaining|initial|latest)\s+)?(?P<n>{NUM}|several|a\s+few|few|many)\s+(?:(?:more|additional|full|straight|consecutive|trading|business|working)\s+)?(?P<unit>{UNIT})(?:\s+and\s+(?P<half>a\s+half)|,?\s+(?:and\s+)?(?P<n2>{NUM})\s+(?P<unit2>{UNIT}))?(?:\s+(?P<dir>ago|earlier|later|from\s+now|hence))?\b)", Duration,
     R"((?i)(?:\d|\b(?:{NUMW}|{NUMPHRASE}|several|few|many))\s+(?:(?:more|additional|full|straight|consecutive|trading|business|working)\s+)?\b{UNIT}\b)"},
    {"adj_duration",
     R"((?i)\b(?:(?P<n>\d{1,3}|{NUMW}(?:-{NUMW})?|half|several|multi)-(?P<unit>year|month|week|day|hour|minute|second|decade)(?:-(?:long|old))?|(?P<unit1>year|month|week|day|hour)-long)\b)",
     AdjDuration,
     R"((?i)-(?:year|month|week|day|hour|minute|second|decade)\b|(?:year|month|week|day|hour)-long\b)"},
    {"year_earlier",
     R"((?i)\b(?:(?:the\s+)?year-(?:earlier|ago)\s+(?:quarter|period)|year-(?:earlier|ago))\b)",
     YearEarlier},
    {"bare_plural",
     R"((?i)\b(?:(?P<mod>{DURMOD})\s+)?(?:(?:recent|past|coming|the\s+coming|the\s+past)\s+(?P<unit2>years|months|weeks|days|quarters|decades)|(?P<unit>years|months|weeks|decades|hours|minutes))\b)",
     BarePlural, R"((?i)\b(?:years|months|weeks|days|quarters|decades|hours|minutes)\b)"},
    {"set",
     R"((?i)\b(?:(?P<w>daily|weekly|monthly|yearly|hourly|nightly|biweekly|semiannually)|(?P<w2>every|each)\s+(?:(?P<n>{NUM}|other)\s+)?(?P<unit>{UNIT}|{WD}|{MONTHFULL}|morning|afternoon|evening|night)|(?P<wa>per)\s+(?P<unit3>year|month|week|day|hour))\b)",
     Set},
};

struct Engine {
  std::vector<Rule> rules;
  std::unique_ptr<RE2::Set> set;
};

const Engine& GetEngine() {
  static const Engine engine = [] {
    Engine e;
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(256 << 20);
    e.set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const RuleSpec& spec : kRules) {
      Rule rule{spec.name, Expand(spec.pattern), spec.handler, nullptr, {}};
      rule.re = std::make_unique<RE2>(rule.pattern, options);
      if (!rule.re->ok()) {
        fmt::print(stderr, "corroborate: internal: timex rule {}: {}\n", spec.name, rule.re->error());
        continue;
      }
      for (const auto& [name, index] : rule.re->NamedCapturingGroups()) rule.groups.emplace_back(name, index);
      std::string err;
      std::string trigger = spec.trigger ? Expand(spec.trigger) : rule.pattern;
      if (e.set->Add(trigger, &err) != static_cast<int>(e.rules.size())) {
        fmt::print(stderr, "corroborate: internal: timex rule set {}: {}\n", spec.name, err);
        continue;
      }
      e.rules.push_back(std::move(rule));
    }
    e.set->Compile();
    return e;
  }();
  return engine;
}

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// Splits text into sentence-like chunks: at line breaks and at ". X" where
// the word before the period is not a short abbreviation.
std::vector<std::pair<std::size_t, std::size_t>> Sentences(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  // Bytes that may end a sentence; the rest are skipped in a tight loop.
  static constexpr auto kStop = [] {
    std::array<bool, 256> stop{};
    stop['\n'] = stop['.'] = stop['!'] = stop['?'] = true;
    return stop;
  }();
  std::size_t start = 0;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
#ifdef __SSE2__
    // Sixteen bytes at a time up to the next possible stop.
    const __m128i newline = _mm_set1_epi8('\n'), period = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'),
                  question = _mm_set1_epi8('?');
    while (i + 16 <= n) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
      __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, newline), _mm_cmpeq_epi8(v, period)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, bang), _mm_cmpeq_epi8(v, question)));
      int mask = _mm_movemask_epi8(hit);
      if (mask != 0) {
        i += static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        break;
      }
      i += 16;
    }
#endif
    while (i < n && !kStop[static_cast<unsigned char>(text[i])]) ++i;
    if (i == n) break;
    char c = text[i];
    bool cut = false;
    if (c == '\n') {
      cut = true;
    } else if ((c == '.' || c == '!' || c == '?') && i + 2 < text.size() && text[i + 1] == ' ' &&
               (IsUpper(text[i + 2]) || text[i + 2] == '"')) {
      std::size_t w = i;
      while (w > start && IsWordChar(text[w - 1])) --w;
      cut = c != '.' || i - w > 4;
    }
    if (cut) {
      if (i + 1 > start) out.emplace_back(start, i + 1);
      start = i + 1;
    }
  }
  if (start < text.size()) out.emplace_back(start, text.size());
  return out;
}

// Whether text[b, e) has a byte RE2 could read as part of a word: an ASCII
// letter, digit or underscore, or a non-ASCII byte. Every trigger and rule
// needs a letter or digit, so a span without one cannot match.
bool HasWordByte(std::string_view text, std::size_t b, std::size_t e) {
  static constexpr auto kWord = [] {
    std::array<bool, 256> word{};
    for (int c = 0; c < 256; ++c)
      word[static_cast<std::size_t>(c)] = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
    return word;
  }();
  for (std::size_t i = b; i < e; ++i)
    if (kWord[static_cast<unsigned char>(text[i])]) return true;
  return false;
}

struct Candidate {
  Match match;
  Timex timex;
  std::size_t rule_index = 0;
};

// Runs the rule's handler; fills text, offsets and (for dates and times) the interval.
bool Normalize(Resolver& r, Candidate& c, bool with_interval) {
  Timex t;
  t.begin = c.match.begin;
  t.end = c.match.end;
  r.shifted = false;
  if (!c.match.rule->handler(r, c.match, t)) return false;
  if (t.value.size() == 7 && t.value[5] == 'Q' && t.type == TimexType::kDate && !r.shifted && !t.relative)
    r.last_quarter = t.value, r.last_quarter_end = c.match.end;
  if (t.value.size() == 7 && t.value[5] == 'Q' && t.type == TimexType::kDate && !r.shifted && c.match.rule->name == std::string_view("quarter"))
    r.last_quarter = t.value, r.last_quarter_end = c.match.end;
  if (t.type == TimexType::kDate && t.value.size() == 10 && t.value[4] == '-' && t.value[7] == '-')
    r.last_day = t.value, r.last_day_end = c.match.end;
  // A sentence-final period is not part of "10 p.m." at the end of a sentence.
  if (t.end > t.begin + 1 && c.match.text[t.end - 1] == '.') {
    std::size_t k = t.end;
    if (k >= c.match.text.size() || c.match.text[k] == '\n' ||
        (c.match.text[k] == ' ' && k + 1 < c.match.text.size() && IsUpper(c.match.text[k + 1])))
      --t.end;
  }
  t.text = std::string(c.match.text.substr(t.begin, t.end - t.begin));
  if (with_interval && (t.type == TimexType::kDate || t.type == TimexType::kTime)) {
    if (t.type == TimexType::kDate) t.utc_offset = r.ctx().utc_offset;
    t.interval = TimexValueInterval(t.value, t.utc_offset);
  }
  c.timex = std::move(t);
  return true;
}

// ---------------------------------------------------------------- linked clock times

// Re-reads TIME timex `t` (value kept) in `zone`; false when the zone is unknown.
bool ReadInZone(Timex& t, const std::string& zone, const TimexContext& ctx) {
  auto local = LocalSeconds(t.value);
  if (!local) return false;
  int offset = ctx.utc_offset;
  if (zone != "local") {
    auto o = OffsetForLocal(zone, *local);
    if (!o) return false;
    offset = *o;
  }
  t.zone = zone;
  t.utc_offset = offset;
  t.interval = TimexValueInterval(t.value, offset);
  return t.interval.has_value();
}

// Moves TIME timex `t` by whole days (its value and interval).
void ShiftDays(Timex& t, int days) {
  auto local = LocalSeconds(t.value);
  if (!local || days == 0) return;
  Instant moved = *local + days * kDay;
  CivilTime c = ToCivil(moved);
  std::string rest = t.value.size() > 16 ? t.value.substr(16) : std::string();
  t.value =
      fmt::format("{}T{:02d}:{:02d}{}", DayValue(FloorDiv(moved, kDay)), c.hour, c.minute, rest);
  if (t.interval) t.interval->start += days * kDay, t.interval->end += days * kDay;
}

// Whether a clock time's words name its day ("on Monday", "November 7").
bool StatesDay(std::string_view text) {
  static const RE2 kDayWord(Expand(R"((?i)\b(?:{WD}|{MONTH}|today|tonight|yesterday|tomorrow)\b)"));
  return RE2::PartialMatch(text, kDayWord);
}

std::string_view Between(std::string_view text, const Timex& a, const Timex& b) {
  return b.begin >= a.end ? text.substr(a.end, b.begin - a.end) : std::string_view();
}

// "12:26 p.m. local time (1026 GMT)", "16:45 UTC (10:15pm local)", "17:04
// UTC on November 7 or 4:04 am the following day": a clock time and the
// same moment in UTC. The explicit UTC (or fixed-offset) figure decides
// the instant; the other takes it, with the offset the two imply when that
// is a whole number of quarter hours within UTC-12..UTC+14 and agrees with
// any zone it stated.
void ReconcilePair(Timex& a, Timex& b) {
  const bool a_fixed = IsFixedOffset(a.zone), b_fixed = IsFixedOffset(b.zone);
  if (a_fixed == b_fixed) return;
  Timex& utc = a_fixed ? a : b;
  Timex& local = a_fixed ? b : a;
  if (!utc.interval || !local.interval) return;
  auto clock = LocalSeconds(local.value);
  if (!clock) return;
  // The implied offset: the one nearest zero of those a day apart, or the
  // stated zone's when that is one of them.
  const Instant diff = *clock - utc.interval->start;
  Instant off = ((diff % kDay) + kDay) % kDay;
  if (off > 12 * kHour) off -= kDay;
  std::optional<int> expected;
  if (!local.zone.empty() && local.zone != "local")
    expected = IsFixedOffset(local.zone) ? std::optional<int>(ParseOffset(local.zone))
                                         : ZoneOffsetAt(local.zone, utc.interval->start);
  if (expected && (*expected - off) % kDay == 0) off = *expected;
  const Instant days = (diff - off) / kDay;  // how many days the local reading lies ahead
  if (days < -1 || days > 1) return;         // days apart: two moments, not one restated
  const bool agrees = off % (15 * kMinute) == 0 && off >= -12 * kHour && off <= 14 * kHour &&
                      (!expected || *expected == off);
  if (days != 0 && agrees) {
    // One of the two days is off: the one whose words named a day stands;
    // when neither did, the local one (the day the reader lived).
    if (StatesDay(utc.text) && !StatesDay(local.text))
      ShiftDays(local, static_cast<int>(-days));
    else
      ShiftDays(utc, static_cast<int>(days));
  }
  local.interval = utc.interval;
  if (agrees) {
    local.utc_offset = static_cast<int>(off);
    if (local.zone.empty() || local.zone == "local") local.zone = OffsetName(local.utc_offset);
  } else if (local.zone.empty() || local.zone == "local") {
    local.zone = utc.zone;  // the instant is the UTC figure's; the local clock stays as written
  }
}

// "between 15:40 and 22:45 UTC", "from 15:40 to 22:45 GMT", "15:40-22:45
// UTC": two clock times bounding a range. A zone stated on one end applies
// to the other; an end before the start falls on the next day.
void LinkRange(Timex& a, Timex& b, const TimexContext& ctx) {
  if (!a.interval || !b.interval) return;
  if (a.zone.empty() && !b.zone.empty() && !ReadInZone(a, b.zone, ctx)) return;
  if (b.zone.empty() && !a.zone.empty() && !ReadInZone(b, a.zone, ctx)) return;
  // A day named on one end holds for the other ("between 15:40 and 22:45
  // UTC on Saturday").
  const bool a_day = StatesDay(a.text), b_day = StatesDay(b.text);
  auto la = LocalSeconds(a.value), lb = LocalSeconds(b.value);
  if (!la || !lb) return;
  const auto day_gap = static_cast<int>(FloorDiv(*lb, kDay) - FloorDiv(*la, kDay));
  if (b_day && !a_day)
    ShiftDays(a, day_gap);
  else if (a_day && !b_day)
    ShiftDays(b, -day_gap);
  if (b.interval->start <= a.interval->start && !b_day) ShiftDays(b, 1);
  Instant start = a.interval->start, end = b.interval->start;
  if (end <= start || end - start > 2 * kDay) return;
  a.range = b.range = Interval{start, end, Granularity::kMinute};
}

void LinkClockTimes(std::string_view text, std::vector<Timex>& timexes, const TimexContext& ctx) {
  static const RE2 kPairOpen(R"(\s*\(\s*)");
  static const RE2 kPairOr(R"(,?\s+or\s+)");
  static const RE2 kRangeWords(R"((?i)\s*(?:-|–|—|to|until|till|through|thru)\s*|\s+and\s+)");
  static const RE2 kRangeOpen(R"((?i)(?:^|\W)(?:between|from)\s+$)");
  std::vector<std::size_t> folded;
  for (std::size_t i = 0; i + 1 < timexes.size(); ++i) {
    Timex& a = timexes[i];
    Timex& b = timexes[i + 1];
    if (a.type != TimexType::kTime || b.type != TimexType::kTime) continue;
    std::string_view gap = Between(text, a, b);
    if (gap.size() > 12) continue;
    re2::StringPiece g(gap.data(), gap.size());
    bool closes = b.end < text.size() &&
                  text.substr(b.end, std::min<std::size_t>(3, text.size() - b.end)).find(')') !=
                      std::string_view::npos;
    const bool bracketed = RE2::FullMatch(g, kPairOpen) && closes;
    if (bracketed || RE2::FullMatch(g, kPairOr)) {
      const bool utc_after_local = bracketed && b.zone == "+00:00" && !IsFixedOffset(a.zone);
      ReconcilePair(a, b);
      // "10:35 a.m. (0735 GMT)": the wire services' UTC conversion in
      // brackets is folded into the local time, which now has its instant.
      if (utc_after_local && a.interval && b.interval && a.interval->start == b.interval->start)
        folded.push_back(i + 1);
      continue;
    }
    if (!RE2::FullMatch(g, kRangeWords)) continue;
    std::size_t from = a.begin >= 10 ? a.begin - 10 : 0;
    bool opened = RE2::PartialMatch(text.substr(from, a.begin - from), kRangeOpen);
    std::string_view word = TrimAscii(gap);
    if (word == "and" && !opened) continue;  // "at 9 a.m. and again at 5 p.m."
    LinkRange(a, b, ctx);
  }
  for (auto it = folded.rbegin(); it != folded.rend(); ++it)
    timexes.erase(timexes.begin() + static_cast<std::ptrdiff_t>(*it));
}

}  // namespace

std::optional<TimexContext> ParseDct(std::string_view value, int default_offset) {
  std::string v(TrimAscii(value));
  if (v.size() == 8 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    v = v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2);
  auto parsed = ParseIso8601(v);
  if (!parsed) return std::nullopt;
  TimexContext ctx;
  ctx.granularity = parsed->granularity;
  ctx.utc_offset = default_offset;
  if (parsed->had_zone) {
    std::size_t t = v.find_first_of("T ");
    std::size_t z = t == std::string::npos ? std::string::npos : v.find_first_of("+-Z", t);
    ctx.utc_offset = (z == std::string::npos || v[z] == 'Z') ? 0 : ParseOffset(std::string_view(v).substr(z));
    ctx.dct = parsed->instant;
  } else {
    // A local date or time in the default zone.
    ctx.dct = parsed->instant - default_offset;
  }
  return ctx;
}

std::optional<Interval> TimexValueInterval(std::string_view value, int utc_offset) {
  auto local = [&](std::int64_t start_days, std::int64_t end_days, Granularity g) {
    return Interval{start_days * kDay - utc_offset, end_days * kDay - utc_offset, g};
  };
  auto all_digits = [](std::string_view v) {
    return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if ((value.size() == 2 || value.size() == 3) && all_digits(value)) {
    int n = 0;
    ParseInt(value, n);
    if (value.size() == 3) return local(DaysFromCivil(n * 10, 1, 1), DaysFromCivil(n * 10 + 10, 1, 1), Granularity::kDecade);
    return local(DaysFromCivil(n * 100, 1, 1), DaysFromCivil(n * 100 + 100, 1, 1), Granularity::kCentury);
  }
  if (value.size() < 4 || !all_digits(value.substr(0, 4))) return std::nullopt;
  // Split "YYYY[-MM[-DD[Thh:mm[:ss]|TPD]]]", "YYYY-Www[-WE]", "YYYY-Qn", "YYYY-Hn", "YYYY-SS".
  std::string y(value.substr(0, 4)), mo, d, h, mi, s, pod, w, we, q, half, season;
  std::string_view rest = value.substr(4);
  if (!rest.empty()) {
    if (rest.size() < 3 || rest[0] != '-') return std::nullopt;
    rest.remove_prefix(1);
    if (rest[0] == 'W' && rest.size() >= 3 && all_digits(rest.substr(1, 2))) {
      w = rest.substr(1, 2);
      rest.remove_prefix(3);
      if (rest == "-WE") we = "-WE";
      else if (!rest.empty()) return std::nullopt;
    } else if (rest.size() == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4') {
      q = rest.substr(1);
    } else if (rest.size() == 2 && rest[0] == 'H' && (rest[1] == '1' || rest[1] == '2')) {
      half = rest.substr(1);
    } else if (rest == "SP" || rest == "SU" || rest == "FA" || rest == "WI") {
      season = rest;
    } else if (all_digits(rest.substr(0, 2))) {
      mo = rest.substr(0, 2);
      rest.remove_prefix(2);
      if (!rest.empty()) {
        if (rest.size() < 3 || rest[0] != '-' || !all_digits(rest.substr(1, 2))) return std::nullopt;
        d = rest.substr(1, 2);
        rest.remove_prefix(3);
        if (!rest.empty()) {
          if (rest[0] != 'T') return std::nullopt;
          rest.remove_prefix(1);
          if (rest == "MO" || rest == "AF" || rest == "EV" || rest == "NI" || rest == "MI") {
            pod = rest;
          } else if ((rest.size() == 5 || rest.size() == 8) && all_digits(rest.substr(0, 2)) && rest[2] == ':' &&
                     all_digits(rest.substr(3, 2)) && (rest.size() == 5 || (rest[5] == ':' && all_digits(rest.substr(6, 2))))) {
            h = rest.substr(0, 2);
            mi = rest.substr(3, 2);
            if (rest.size() == 8) s = rest.substr(6, 2);
          } else {
            return std::nullopt;
          }
        }
      }
    } else {
      return std::nullopt;
    }
  }
  int year = 0, month = 0, day = 0;
  ParseInt(y, year);
  if (!mo.empty()) {
    ParseInt(mo, month);
    if (month < 1 || month > 12) return std::nullopt;
    if (d.empty()) return local(DaysFromCivil(year, month, 1), DaysFromCivil(year + month / 12, month % 12 + 1, 1), Granularity::kMonth);
    ParseInt(d, day);
    if (!IsValidDate(year, month, day)) return std::nullopt;
    std::int64_t days = DaysFromCivil(year, month, day);
    if (!pod.empty()) {
      const LexiconEntry* p = nullptr;
      for (const LexiconEntry& e : Lex().parts_of_day.entries())
        if (e.Column(0) == pod) p = p ? p : &e;
      int from = 0, to = 24;
      if (p) ParseInt(p->Column(1), from), ParseInt(p->Column(2), to);
      return Interval{days * kDay + from * kHour - utc_offset, days * kDay + to * kHour - utc_offset, Granularity::kHour};
    }
    if (h.empty()) return local(days, days + 1, Granularity::kDay);
    int hh = 0, mm = 0, ss = 0;
    ParseInt(h, hh);
    ParseInt(mi, mm);
    Instant start = days * kDay + hh * kHour + mm * kMinute - utc_offset;
    if (!s.empty()) {
      ParseInt(s, ss);
      return Interval{start + ss, start + ss + 1, Granularity::kSecond};
    }
    return Interval{start, start + kMinute, Granularity::kMinute};
  }
  if (!w.empty()) {
    int week = 0;
    ParseInt(w, week);
    std::int64_t monday = IsoWeekStart(year, week);
    if (!we.empty()) return local(monday + 5, monday + 7, Granularity::kDay);
    return local(monday, monday + 7, Granularity::kWeek);
  }
  if (!q.empty()) {
    int n = 0;
    ParseInt(q, n);
    int m0 = 3 * (n - 1) + 1;
    return local(DaysFromCivil(year, m0, 1), n == 4 ? DaysFromCivil(year + 1, 1, 1) : DaysFromCivil(year, m0 + 3, 1), Granularity::kQuarter);
  }
  if (!half.empty()) {
    bool first = half == "1";
    return local(DaysFromCivil(year, first ? 1 : 7, 1), first ? DaysFromCivil(year, 7, 1) : DaysFromCivil(year + 1, 1, 1),
                 Granularity::kMonth);
  }
  if (!season.empty()) {
    int start = 3;
    for (const LexiconEntry& e : Lex().seasons.entries())
      if (e.Column(0) == season) ParseInt(e.Column(1), start);
    std::int64_t from = DaysFromCivil(year, start, 1);
    int end_month = start + 3;
    std::int64_t to = end_month > 12 ? DaysFromCivil(year + 1, end_month - 12, 1) : DaysFromCivil(year, end_month, 1);
    return local(from, to, Granularity::kSeason);
  }
  return local(DaysFromCivil(year, 1, 1), DaysFromCivil(year + 1, 1, 1), Granularity::kYear);
}

std::optional<Interval> TimexIntervalInZone(const Timex& t, std::string_view zone) {
  auto local = LocalSeconds(t.value);
  if (t.type != TimexType::kTime || !local || !t.interval) return std::nullopt;
  auto offset = OffsetForLocal(zone, *local);
  if (!offset) return std::nullopt;
  Interval out = t.range ? *t.range : *t.interval;
  out.start += t.utc_offset - *offset;
  out.end += t.utc_offset - *offset;
  return out;
}

std::string_view CountryZone(std::string_view country_code) {
  return LexStr(Lex().country_zones, country_code, 0);
}

std::string_view CityZone(std::string_view text) {
  static const RE2 kCity("(?i)\\b(" + Lex().zones.Alternation(2, "city") + ")\\b");
  re2::StringPiece city;
  if (!RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), kCity, &city)) return {};
  return LexStr(Lex().zones, std::string_view(city.data(), city.size()), 0);
}

std::optional<std::int64_t> TimexDurationSeconds(std::string_view value) {
  if (value.size() < 2 || value[0] != 'P') return std::nullopt;
  std::int64_t total = 0;
  bool time = false, any = false;
  std::int64_t n = 0;
  bool have_n = false;
  for (std::size_t i = 1; i < value.size(); ++i) {
    char c = value[i];
    if (c == 'T') {
      time = true;
    } else if (c >= '0' && c <= '9') {
      n = n * 10 + (c - '0');
      have_n = true;
      if (n > 1000000) return std::nullopt;
    } else {
      if (!have_n) return std::nullopt;  // "PXW"
      std::int64_t unit = 0;
      switch (c) {
        case 'Y': unit = 365 * kDay; break;
        case 'M': unit = time ? kMinute : 30 * kDay; break;
        case 'W': unit = 7 * kDay; break;
        case 'D': unit = kDay; break;
        case 'H': unit = kHour; break;
        case 'S': unit = 1; break;
        default: return std::nullopt;
      }
      total += n * unit;
      n = 0;
      have_n = false;
      any = true;
    }
  }
  if (have_n || !any) return std::nullopt;
  return total;
}

std::vector<Timex> ExtractTimexes(std::string_view text, const TimexContext& ctx) {
  const Engine& engine = GetEngine();
  std::vector<Candidate> candidates;
  candidates.reserve(text.size() / 128 + 8);
  std::vector<int> fired;
  std::vector<re2::StringPiece> groups;
  for (auto [sb, se] : Sentences(text)) {
    std::string_view sentence = text.substr(sb, se - sb);
    fired.clear();
    if (!HasWordByte(text, sb, se)) continue;  // a blank line
    if (!engine.set->Match(re2::StringPiece(sentence.data(), sentence.size()), &fired)) continue;
    std::sort(fired.begin(), fired.end());
    for (int index : fired) {
      const Rule& rule = engine.rules[static_cast<std::size_t>(index)];
      groups.assign(static_cast<std::size_t>(rule.re->NumberOfCapturingGroups()) + 1, {});
      std::size_t pos = sb;
      while (pos < se) {
        if (pos > sb && !HasWordByte(text, pos, se)) break;  // only punctuation left
        if (!rule.re->Match(re2::StringPiece(text.data(), text.size()), pos, se, RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size()))) break;
        auto b = static_cast<std::size_t>(groups[0].data() - text.data());
        std::size_t e = b + groups[0].size();
        if (e > b) {
          Candidate c;
          c.match = Match{&rule, text, b, e, sb, se, {}};
          c.match.groups.reserve(groups.size());
          for (const re2::StringPiece& g : groups) c.match.groups.emplace_back(g.data(), g.size());
          c.rule_index = static_cast<std::size_t>(index);
          candidates.push_back(std::move(c));
        }
        pos = e > pos ? e : pos + 1;

      }
    }
  }
  // In text order (sorting indices: a candidate is moved once, below).
  std::vector<std::size_t> by_begin(candidates.size());
  for (std::size_t i = 0; i < by_begin.size(); ++i) by_begin[i] = i;
  std::sort(by_begin.begin(), by_begin.end(), [&](std::size_t a, std::size_t b) {
    const Candidate& x = candidates[a];
    const Candidate& y = candidates[b];
    return x.match.begin != y.match.begin ? x.match.begin < y.match.begin : x.rule_index < y.rule_index;
  });
  // Pass 1: which of the overlapping candidates normalize at all (an
  // isolated one is checked in pass 2 only).
  {
    Resolver r(ctx);
    std::vector<bool> overlapping(by_begin.size(), false);
    std::size_t reach = 0, last = 0;
    for (std::size_t k = 0; k < by_begin.size(); ++k) {
      const Match& m = candidates[by_begin[k]].match;
      if (k > 0 && m.begin < reach) overlapping[k] = overlapping[last] = true;
      if (m.end > reach) reach = m.end, last = k;
    }
    std::vector<Candidate> valid;
    valid.reserve(candidates.size());
    for (std::size_t k = 0; k < by_begin.size(); ++k) {
      Candidate& c = candidates[by_begin[k]];
      if (!overlapping[k] || Normalize(r, c, false)) valid.push_back(std::move(c));
    }
    candidates = std::move(valid);
  }
  // Longest match wins; ties go to the earlier rule.
  std::vector<std::size_t> order(candidates.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Match& x = candidates[a].match;
    const Match& y = candidates[b].match;
    if (x.end - x.begin != y.end - y.begin) return x.end - x.begin > y.end - y.begin;
    if (x.begin != y.begin) return x.begin < y.begin;
    return candidates[a].rule_index < candidates[b].rule_index;
  });
  // The chosen spans, disjoint, by begin: of those beginning before a
  // candidate's end, the last one ends last, so it alone can overlap it.
  std::map<std::size_t, std::size_t> taken;  // begin -> candidate
  for (std::size_t i : order) {
    const Match& x = candidates[i].match;
    auto after = taken.lower_bound(x.end);
    if (after != taken.begin() && candidates[std::prev(after)->second].match.end > x.begin)
      continue;
    taken.emplace(x.begin, i);
  }
  std::vector<std::size_t> chosen;
  chosen.reserve(taken.size());
  for (const auto& [begin, i] : taken) chosen.push_back(i);
  // Pass 2: normalize the chosen ones in text order, so references
  // ("a year earlier", "that day") see only what was kept.
  std::vector<Timex> out;
  Resolver r(ctx);
  for (std::size_t i : chosen) {
    if (Normalize(r, candidates[i], true)) out.push_back(std::move(candidates[i].timex));
  }
  LinkClockTimes(text, out, ctx);
  return out;
}

}  // namespace corroborate::extract
