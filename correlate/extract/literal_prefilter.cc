#include "correlate/extract/literal_prefilter.h"

#include <re2/filtered_re2.h>

#include <algorithm>
#include <array>
#include <deque>
#include <numeric>
#include <unordered_set>

namespace corroborate::extract {

void LiteralPrefilter::Add(std::string_view pattern, const RE2::Options& options) {
  const int number = patterns_++;
  re2::FilteredRE2 filter(min_atom_len_);
  int id = 0;
  if (filter.Add(re2::StringPiece(pattern.data(), pattern.size()), options, &id) != RE2::NoError) {
    always_.push_back(number);
    return;
  }
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  // Whether the pattern's condition holds when exactly the atoms with
  // `present` set occur (the condition is monotone in the atoms present).
  auto holds = [&](const std::vector<bool>& present) {
    std::vector<int> ids, potential;
    for (std::size_t i = 0; i < atoms.size(); ++i) {
      if (present[i]) ids.push_back(static_cast<int>(i));
    }
    filter.AllPotentials(ids, &potential);
    return !potential.empty();
  };
  // Atoms are matched on ASCII-lowercased text: one with other non-ASCII
  // runes than quotes and dashes (which have no case) might be written
  // differently where the pattern matches, so it is assumed present.
  std::vector<bool> used(atoms.size(), false);
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    const std::string& a = atoms[i];
    for (std::size_t j = 0; j < a.size(); ++j) {
      if (static_cast<unsigned char>(a[j]) < 0x80) continue;
      bool caseless = a.compare(j, 2, "\xE2\x80") == 0 && j + 2 < a.size() &&
                      ((a[j + 2] >= '\x93' && a[j + 2] <= '\x94') || (a[j + 2] >= '\x98' && a[j + 2] <= '\x9D'));
      if (!caseless) {
        used[i] = true;
        break;
      }
      j += 2;
    }
  }
  if (holds(used)) {  // no atom is needed
    always_.push_back(number);
    return;
  }
  // A group is built by dropping atoms in some order; two orders are tried
  // and the group of fewer common words kept (see `cost`).
  static const std::unordered_set<std::string_view> kCommon = {
      "the", "of", "and", "to", "in", "is", "was", "were", "are", "be", "been", "being", "will", "would",
      "could", "should", "may", "might", "can", "has", "have", "had", "do", "does", "did", "not", "no",
      "it", "its", "on", "at", "by", "for", "from", "with", "as", "that", "this", "which", "who", "he",
      "she", "they", "we", "his", "her", "their", "our", "said", "says", "say", "also", "up", "out",
      "off", "all", "some", "one", "two", "new", "more", "after", "before", "over", "into", "than",
      "then", "there", "about", "back", "time", "year", "years", "people", "government", "country",
      "state", "states", "official", "officials", "came", "come", "comes", "go", "going", "went",
      "now", "just", "like", "other", "only", "first", "last", "when", "what", "but", "or", "if",
      "so", "an", "any", "our", "you", "i", "me", "my", "him", "them", "us", "against", "because",
      "under", "while", "during", "since", "such", "made", "make", "take", "took", "get", "got",
      "told", "according", "percent", "week", "day", "today", "world", "national", "president",
      "again", "still", "well", "way", "part", "parts", "group", "line", "run", "set", "see"};
  // How often a group's words are expected in text: two-byte fragments, then
  // frequent English words, then three-byte fragments cost most.
  auto cost = [&](const std::string& a) {
    return a.size() <= 2 ? 200 : kCommon.contains(a) ? 100 : a.size() == 3 ? 50 : 1;
  };
  // Drop orders: fragments first, or common words first; then the shortest.
  std::vector<std::vector<std::size_t>> orders;
  for (bool common_first : {false, true}) {
    std::vector<std::size_t> order(atoms.size());
    std::iota(order.begin(), order.end(), 0);
    auto rank = [&](const std::string& a) {
      bool common = kCommon.contains(a), fragment = a.size() <= 3;
      return common_first ? (common ? 0 : fragment ? 1 : 2) : (fragment ? 0 : common ? 1 : 2);
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      int ra = rank(atoms[a]), rb = rank(atoms[b]);
      if (ra != rb) return ra < rb;
      return atoms[a].size() < atoms[b].size();
    });
    orders.push_back(std::move(order));
  }
  // Up to three disjoint groups of atoms such that every match contains an
  // atom of each: group g starts as all atoms not in earlier groups (the
  // condition fails when only the earlier groups' atoms occur) and drops
  // atoms while it still fails when every atom outside the group occurs.
  int groups = 0;
  for (; groups < 3 && bits_ < kMaxBits; ++groups) {
    if (holds(used)) break;
    std::vector<bool> present;
    int best = -1;
    for (const std::vector<std::size_t>& order : orders) {
      std::vector<bool> p = used;
      for (std::size_t i : order) {
        if (p[i]) continue;
        p[i] = true;
        if (holds(p)) p[i] = false;
      }
      int c = 0;
      for (std::size_t i = 0; i < atoms.size(); ++i) {
        if (!p[i]) c += cost(atoms[i]);
      }
      if (best < 0 || c < best) best = c, present = std::move(p);
    }
    const int bit = bits_++;
    if (groups == 0) {
      first_bit_.resize(static_cast<std::size_t>(patterns_), 0);
      first_bit_[static_cast<std::size_t>(number)] = bit;
    }
    for (std::size_t i = 0; i < atoms.size(); ++i) {
      if (!present[i]) {
        words_.emplace_back(atoms[i], bit);
        used[i] = true;
      }
    }
  }
  if (groups == 0) always_.push_back(number);
  groups_of_.resize(static_cast<std::size_t>(patterns_), 0);
  groups_of_[static_cast<std::size_t>(number)] = groups;
}

void LiteralPrefilter::Compile() {
  mask_words_ = (static_cast<std::size_t>(bits_) + 63) / 64;
  groups_of_.resize(static_cast<std::size_t>(patterns_), 0);
  first_bit_.resize(static_cast<std::size_t>(patterns_), 0);
  // Byte classes: one per byte that occurs in a word (words are lower case;
  // upper-case ASCII letters share their lower-case class), 0 for the rest.
  for (const auto& [w, bit] : words_) {
    max_word_ = std::max(max_word_, w.size());
    for (char ch : w) {
      auto c = static_cast<unsigned char>(ch);
      // (Past 255 classes bytes share the last: more candidates, none missed.)
      if (class_of_[c] == 0) class_of_[c] = static_cast<std::uint8_t>(classes_ < 256 ? classes_++ : 255);
    }
  }
  for (int c = 'A'; c <= 'Z'; ++c) class_of_[c] = class_of_[c - 'A' + 'a'];
  // Rows of a power of two, so a transition is next_[(state << shift_) | class].
  while ((1 << shift_) < classes_) ++shift_;
  const std::size_t k = std::size_t{1} << shift_;
  const std::size_t m = mask_words_;
  // Trie.
  next_.assign(k, -1);
  mask_.assign(m, 0);
  for (const auto& [w, bit] : words_) {
    std::size_t s = 0;
    for (char ch : w) {
      std::size_t c = class_of_[static_cast<unsigned char>(ch)];
      if (next_[s * k + c] < 0) {
        next_[s * k + c] = static_cast<std::int32_t>(next_.size() / k);
        next_.resize(next_.size() + k, -1);
        mask_.resize(mask_.size() + m, 0);
      }
      s = static_cast<std::size_t>(next_[s * k + c]);
    }
    mask_[s * m + static_cast<std::size_t>(bit) / 64] |= std::uint64_t{1} << (bit % 64);
  }
  // Failure links, breadth first; missing transitions become those of the
  // failure state (so the automaton is a DFA), and a state's mask includes
  // its failure state's (the words that end there too).
  std::vector<std::size_t> fail(next_.size() / k, 0);
  std::deque<std::size_t> queue;
  for (std::size_t c = 0; c < k; ++c) {
    if (next_[c] < 0) {
      next_[c] = 0;
    } else {
      queue.push_back(static_cast<std::size_t>(next_[c]));
    }
  }
  std::vector<std::size_t> bfs{0};  // states by depth
  while (!queue.empty()) {
    std::size_t s = queue.front();
    queue.pop_front();
    bfs.push_back(s);
    for (std::size_t w = 0; w < m; ++w) mask_[s * m + w] |= mask_[fail[s] * m + w];
    for (std::size_t c = 0; c < k; ++c) {
      std::int32_t& t = next_[s * k + c];
      if (t < 0) {
        t = next_[fail[s] * k + c];
      } else {
        fail[static_cast<std::size_t>(t)] = static_cast<std::size_t>(next_[fail[s] * k + c]);
        queue.push_back(static_cast<std::size_t>(t));
      }
    }
  }
  // The scan reads 16-bit transitions; an automaton too big for them
  // filters nothing.
  if (fail.size() > 0xFFFF) {
    for (std::size_t pat = 0; pat < groups_of_.size(); ++pat) {
      if (groups_of_[pat] > 0) always_.push_back(static_cast<int>(pat));
    }
    groups_of_.assign(groups_of_.size(), 0);
    std::sort(always_.begin(), always_.end());
    always_.erase(std::unique(always_.begin(), always_.end()), always_.end());
    words_.clear();
    next_.clear();
    return;
  }
  // Renumber the states by depth (the shallow ones, where the scan mostly
  // is, share cache lines), those where atoms end last (from first_out_ on):
  // the scan then tests a state number, not a mask.
  const std::size_t states = fail.size();
  std::vector<std::size_t> order;
  for (int with_out = 0; with_out < 2; ++with_out) {
    for (std::size_t st : bfs) {
      bool any = std::any_of(mask_.begin() + static_cast<std::ptrdiff_t>(st * m),
                             mask_.begin() + static_cast<std::ptrdiff_t>((st + 1) * m),
                             [](std::uint64_t x) { return x != 0; });
      if (any == (with_out == 1)) order.push_back(st);
    }
  }
  std::vector<std::size_t> renumber(states);
  for (std::size_t i = 0; i < states; ++i) renumber[order[i]] = i;
  first_out_ = states;
  std::vector<std::uint64_t> masks;
  table_.assign(next_.size(), 0);
  for (std::size_t i = 0; i < states; ++i) {
    const std::size_t st = order[i];
    for (std::size_t c = 0; c < k; ++c) {
      table_[i * k + c] = static_cast<std::uint16_t>(renumber[static_cast<std::size_t>(next_[st * k + c])]);
    }
    bool any = false;
    for (std::size_t w = 0; w < m; ++w) any = any || mask_[st * m + w] != 0;
    if (any) {
      first_out_ = std::min(first_out_, i);
      masks.insert(masks.end(), mask_.begin() + static_cast<std::ptrdiff_t>(st * m),
                   mask_.begin() + static_cast<std::ptrdiff_t>((st + 1) * m));
    }
  }
  mask_ = std::move(masks);
  next_.clear();
}

void LiteralPrefilter::Candidates(std::string_view text, std::vector<int>* out) const {
  out->assign(always_.begin(), always_.end());
  if (words_.empty() || table_.empty()) return;
  const std::size_t shift = shift_;
  const std::size_t m = mask_words_;
  std::array<std::uint64_t, kMaxBits / 64> found{};
  // RE2 folds U+212A KELVIN SIGN to k and U+017F LONG S to s: read them so.
  std::string folded;
  if (text.find("\xE2\x84\xAA") != std::string_view::npos || text.find("\xC5\xBF") != std::string_view::npos) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text.compare(i, 3, "\xE2\x84\xAA") == 0) {
        folded.push_back('k');
        i += 2;
      } else if (text.compare(i, 2, "\xC5\xBF") == 0) {
        folded.push_back('s');
        i += 1;
      } else {
        folded.push_back(text[i]);
      }
    }
    text = folded;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  const std::uint16_t* next = table_.data();
  const std::uint64_t* mask = mask_.data();
  const std::size_t first_out = first_out_;
  auto step = [&](std::size_t s, unsigned char c) {
    s = next[(s << shift) | class_of_[c]];
    if (s >= first_out) {
      for (std::size_t w = 0; w < m; ++w) found[w] |= mask[(s - first_out) * m + w];
    }
    return s;
  };
  // Two scans interleaved (independent chains of loads): the first half,
  // overlapping the second by the longest word less one byte so that no
  // word across the middle is missed, and the second half.
  std::size_t a_end = n, b_begin = n;
  if (n >= 4 * max_word_) {
    b_begin = n / 2;
    a_end = b_begin + max_word_ - 1;
  }
  std::size_t sa = 0, sb = 0, i = 0, j = b_begin;
  for (; i < a_end && j < n; ++i, ++j) {
    sa = step(sa, p[i]);
    sb = step(sb, p[j]);
  }
  for (; i < a_end; ++i) sa = step(sa, p[i]);
  for (; j < n; ++j) sb = step(sb, p[j]);
  for (std::size_t pat = 0; pat < groups_of_.size(); ++pat) {
    const int groups = groups_of_[pat];
    if (groups == 0) continue;
    bool all = true;
    for (int b = first_bit_[pat]; b < first_bit_[pat] + groups; ++b) {
      all = all && ((found[static_cast<std::size_t>(b) / 64] >> (b % 64)) & 1) != 0;
    }
    if (all) out->push_back(static_cast<int>(pat));
  }
  if (!always_.empty()) std::sort(out->begin(), out->end());
}

}  // namespace corroborate::extract
