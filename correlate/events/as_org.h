// Organisations and their autonomous systems: organisation name -> ASNs and
// ASN -> organisation, from a maintained AS-to-organisation dataset (CAIDA's
// AS2Org "as-org2info" files, or RIPE NCC's RIR-derived asn.txt) merged with
// a small built-in table (data/as_org.tsv) that also carries common names
// ("Optus" for AS4804). `corroborate data` downloads and caches the dataset;
// without it the built-in table alone answers.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace corroborate::correlate {

class AsOrgTable {
 public:
  // The registered organisation of an AS, "" when unknown.
  std::string Organisation(std::uint32_t asn) const;
  // The ASNs whose organisation or other names contain `name` as whole words
  // (case, punctuation and legal suffixes such as "Ltd" ignored): "Optus" ->
  // {4804, 7474}. Generic words alone ("telecom", "internet") match nothing.
  std::vector<std::uint32_t> Asns(std::string_view name) const;
  // The names an AS goes by in text: its common names and its organisation
  // without legal suffixes ("Level 3", "CenturyLink", "Lumen").
  std::vector<std::string> Names(std::uint32_t asn) const;
  // Does `text` name the AS's organisation (any of Names, as whole words)?
  bool Mentions(std::uint32_t asn, std::string_view text) const;

  // Every ASN in the table, ascending.
  std::vector<std::uint32_t> Known() const;

  // Adds an AS, or more names to one (a non-empty organisation replaces the old).
  void Add(std::uint32_t asn, std::string organisation, std::vector<std::string> other_names = {});
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string organisation;
    std::vector<std::string> names;  // normalised: " word word "
  };
  std::map<std::uint32_t, Entry> entries_;
  std::map<std::string, std::vector<std::uint32_t>> by_word_;  // any word of a name -> ASNs
};

// The built-in table (embedded data/as_org.tsv).
const AsOrgTable& BuiltinAsOrgTable();

// Where `corroborate data` caches the dataset: $CORROBORATE_DATA_DIR, else
// $XDG_CACHE_HOME/corroborate, else ~/.cache/corroborate; file as2org.txt.
std::string DefaultAsOrgCachePath();

// The built-in table merged with the dataset cached at `cache_path` (its
// registered names, plus the built-in common names); the built-in table
// alone when the file is missing or unreadable.
AsOrgTable LoadAsOrgTable(const std::string& cache_path);

// Parses a dataset into `table` (adding to what it holds): CAIDA AS2Org
// ("# format:aut|changed|aut_name|org_id|opaque_id|source" and
// "# format:org_id|changed|org_name|country|source" sections) or RIPE NCC
// asn.txt ("32934 FACEBOOK, US"). kParse naming `name` when no line of
// either form is found; unreadable lines are skipped.
[[nodiscard]] Status ParseAsOrgDataset(std::string_view text, std::string_view name,
                                       AsOrgTable& table);

}  // namespace corroborate::correlate
