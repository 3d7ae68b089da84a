// A sound literal prefilter for a list of RE2 patterns, so that a span of
// text is searched only with the patterns that can match in it.
//
// For each pattern RE2's FilteredRE2 derives the literal strings ("atoms")
// that any match must contain, as an AND/OR condition; of these up to three
// groups are kept such that every match contains an atom of each group,
// preferring rare words to short, common ones when the condition allows
// ("offline" over "is" in "is ... offline"). An Aho-Corasick automaton finds which kept words occur
// in the span, read in lower case (ASCII letters, plus U+017F and U+212A,
// the two non-ASCII runes RE2's case folding maps to ASCII letters, read as
// 's' and 'k'). A pattern none of whose words occur cannot match anywhere in
// the span.
#pragma once

#include <re2/re2.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corroborate::extract {

class LiteralPrefilter {
 public:
  // Atoms shorter than `min_atom_len` bytes are not looked for.
  explicit LiteralPrefilter(int min_atom_len = 2) : min_atom_len_(min_atom_len) {}

  // Adds a pattern, compiled with `options`; patterns are numbered from 0 in
  // the order added. A pattern that does not compile, or has no literal
  // word every match contains, is a candidate everywhere.
  void Add(std::string_view pattern, const RE2::Options& options);
  // Builds the automaton; call once after the last Add.
  void Compile();

  // The numbers of the patterns that may match somewhere in `text`, ascending.
  void Candidates(std::string_view text, std::vector<int>* out) const;

 private:
  static constexpr int kMaxBits = 256;
  int min_atom_len_;
  int patterns_ = 0;
  std::vector<int> always_;  // candidates everywhere
  // A pattern's atoms form up to three groups; every match contains an atom
  // of each group. Group bits: first_bit_[p] ... + groups_of_[p].
  int bits_ = 0;
  std::vector<int> groups_of_;
  std::vector<int> first_bit_;
  std::vector<std::pair<std::string, int>> words_;  // (atom, group bit)
  // Aho-Corasick automaton over byte classes: table_[(state << shift_) | class]
  // (next_ while it is built);
  // mask_[(state - first_out_) * mask_words_ ...]: the group bits of the atoms
  // ending there (states from first_out_ on).
  std::uint8_t class_of_[256] = {};
  int classes_ = 1;
  int shift_ = 0;
  std::size_t mask_words_ = 0;
  std::size_t first_out_ = 0;
  std::size_t max_word_ = 1;  // bytes
  std::vector<std::int32_t> next_;
  std::vector<std::uint16_t> table_;
  std::vector<std::uint64_t> mask_;
};

}  // namespace corroborate::extract
