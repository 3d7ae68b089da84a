// Named entities in news text: countries (names, short forms, demonyms and
// ISO codes from a gazetteer of every ISO 3166 country), autonomous systems
// ("AS131279", "ASN 4837"), IP prefixes (IPv4/IPv6 CIDR), organisations
// (gazetteer of outlets, monitoring firms, ISPs, agencies, hacking groups;
// plus capitalized names ending in an organisation word: "Acme Networks")
// and people (after a title or honorific: "President Barack Obama").
//
// Matching is case-sensitive, token based and longest-first, so "South
// Korea" never yields "Korea" and "North Korean" maps to country:KP.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/claim.h"

namespace corroborate::extract {

// What the gazetteer knows about an organisation.
struct OrganisationInfo {
  std::string name;     // canonical name (first in its row)
  std::string id;       // "org:dyn-research"
  std::string kind;     // news, monitor, security, isp, agency, company, hacktivist, state_group, research
  std::string country;  // ISO 3166 alpha-2 or ""
};

// Entities in text[begin, end) in text order, non-overlapping, offsets into
// `text`. `end` npos means the end of the text.
std::vector<Mention> ExtractEntities(std::string_view text, std::size_t begin = 0,
                                     std::size_t end = std::string_view::npos);

// Gazetteer look-ups by the name as written (dots and possessives ignored):
// nullptr / "" when unknown.
const OrganisationInfo* FindOrganisation(std::string_view name);
std::string CountryCodeOf(std::string_view name);  // "North Korea" -> "KP", "American" -> "US"
// The organisation info of an "org:..." id produced by ExtractEntities.
const OrganisationInfo* OrganisationById(std::string_view id);
// Whether `word` is a title or role word of the lexicon ("President", "director"; any case).
bool IsTitleWord(std::string_view word);
// "honorific" (Mr, Dr), "position" (president, analyst) or "" for other words.
std::string TitleKind(std::string_view word);

// "Dyn Research" -> "dyn-research" (ASCII letters and digits, lower case, '-' between words).
std::string Slug(std::string_view name);

}  // namespace corroborate::extract
