// The STIX 2.1 bundle: valid against the OASIS schemas (run by
// tests/render/stix_check.py with Debian's python3-jsonschema), stable
// identifiers, attribution only where the assessment supports it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "render/report.h"
#include "tests/render/sample_report.h"

namespace corroborate::render {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::SampleReport;

struct Check {
  int status = -1;
  std::string out;
};

// Runs stix_check.py on `bundle`; sets `skip` when the schemas or jsonschema
// are missing.
Check RunSchemaCheck(const std::string& bundle, std::string* skip) {
  fs::path schemas = fs::path(CORROBORATE_SHARED_DIR) / "corpora/stix2-json-schemas/schemas";
  if (!fs::exists(schemas / "common/bundle.json")) {
    *skip = "../shared/corpora/stix2-json-schemas is absent: STIX schema check skipped";
    return {};
  }
  if (std::system("/usr/bin/python3 -c 'import jsonschema' > /dev/null 2>&1") != 0) {
    *skip =
        "python3-jsonschema is not installed (scripts/run test installs it): STIX schema check "
        "skipped";
    return {};
  }
  fs::path file =
      fs::temp_directory_path() / ("corroborate-stix-" + std::to_string(getpid()) + ".json");
  std::ofstream(file) << bundle;
  std::string cmd = "/usr/bin/python3 " + std::string(CORROBORATE_SOURCE_DIR) +
                    "/tests/render/stix_check.py " + schemas.string() + " " + file.string() +
                    " 2>&1";
  Check c;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) c.out.append(buf, n);
  c.status = pclose(p);
  fs::remove(file);
  return c;
}

// The sample with the hacktivist hypothesis rated likely, the US one unlikely.
Report WithLikelyAttribution() {
  Report r = SampleReport();
  for (RankedHypothesis& h : r.assessment.ranking) {
    if (h.hypothesis.id == "ddos_hacktivist") h.probability = 0.7, h.likelihood = "likely";
    if (h.hypothesis.id == "state_cyberattack:US") h.probability = 0.3, h.likelihood = "unlikely";
  }
  r.assessment.confidence = "moderate";
  return r;
}

std::vector<json> OfType(const json& bundle, const std::string& type) {
  std::vector<json> out;
  for (const json& o : bundle["objects"]) {
    if (o["type"] == type) out.push_back(o);
  }
  return out;
}

TEST(StixTest, BundleValidatesAgainstTheOasisSchemasWithNoErrors) {
  for (const Report& r : {SampleReport(), WithLikelyAttribution()}) {
    for (const char* tlp : {"white", "red"}) {
      std::string skip;
      Check c =
          RunSchemaCheck(StixBundle(r, {tlp, "Ledger Check", "https://check.example/"}), &skip);
      if (!skip.empty()) GTEST_SKIP() << skip;
      EXPECT_EQ(c.status, 0) << c.out;
      EXPECT_EQ(c.out, "0 errors\n");
    }
  }
}

TEST(StixTest, SchemaCheckFindsTimestampsWithoutMilliseconds) {
  // The check must be able to fail: the old output's seconds-only timestamps.
  std::string bundle = StixBundle(SampleReport());
  bundle = std::regex_replace(bundle, std::regex(R"((\d\d:\d\d:\d\d)\.000Z)"), "$1Z");
  std::string skip;
  Check c = RunSchemaCheck(bundle, &skip);
  if (!skip.empty()) GTEST_SKIP() << skip;
  EXPECT_NE(c.status, 0) << c.out;
  EXPECT_NE(c.out.find("does not match"), std::string::npos) << c.out;
}

TEST(StixTest, TimestampsCarryMilliseconds) {
  json b = json::parse(StixBundle(SampleReport()));
  std::regex millis(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  for (const json& o : b["objects"]) {
    for (const char* key : {"created", "modified"}) {
      if (o.contains(key)) {
        EXPECT_TRUE(std::regex_match(o[key].get<std::string>(), millis)) << o[key];
      }
    }
  }
}

TEST(StixTest, IdentifiersAreUuidV5AndTheSameOnReExport) {
  Report first = SampleReport(), later = SampleReport();
  later.generated += 86400;  // exported again a day later
  json a = json::parse(StixBundle(first)), b = json::parse(StixBundle(later));
  ASSERT_EQ(a["objects"].size(), b["objects"].size());
  std::regex v5(R"([a-z-]+--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})");
  std::set<std::string> ids;
  for (size_t i = 0; i < a["objects"].size(); ++i) {
    const json &x = a["objects"][i], &y = b["objects"][i];
    EXPECT_EQ(x["id"], y["id"]);
    EXPECT_EQ(x["created"], y["created"]);  // the same object, a newer version
    if (x["type"] != "marking-definition") {
      EXPECT_TRUE(std::regex_match(x["id"].get<std::string>(), v5)) << x["id"];
    }
    if (x["type"] != "marking-definition" && x["type"] != "identity") {
      EXPECT_LT(x["modified"], y["modified"]);
    }
    ids.insert(x["id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), a["objects"].size());  // no two objects share an identifier
  // Known answer: uuid.uuid5(UUID("d3640d0f-b2b4-42ca-a93c-7b41dc98f6a3"), "identity|corroborate|")
  // in Python.
  EXPECT_EQ(OfType(a, "identity").at(0)["id"], "identity--33e11ee2-d049-52db-b56a-258011db330b");
  // Another incident gets other identifiers.
  Report other = SampleReport();
  other.incident.start += 7 * 86400;
  json c = json::parse(StixBundle(other));
  EXPECT_NE(OfType(a, "incident").at(0)["id"], OfType(c, "incident").at(0)["id"]);
}

TEST(StixTest, AttributedToOnlyForAHypothesisRatedLikelyOrBetter) {
  // The sample rates every hypothesis unlikely or worse: no attribution.
  json unlikely = json::parse(StixBundle(SampleReport()));
  EXPECT_TRUE(OfType(unlikely, "relationship").size() == 1);  // the country only
  EXPECT_EQ(OfType(unlikely, "relationship").at(0)["relationship_type"], "related-to");
  EXPECT_EQ(OfType(unlikely, "threat-actor").size(),
            3u);  // hacktivists, the US, North Korea's government

  json b = json::parse(StixBundle(WithLikelyAttribution()));
  std::vector<json> attributions;
  for (const json& rel : OfType(b, "relationship")) {
    if (rel["relationship_type"] == "attributed-to") attributions.push_back(rel);
  }
  ASSERT_EQ(attributions.size(), 1u);
  EXPECT_EQ(attributions[0]["confidence"], 50);  // moderate on STIX's None/Low/Med/High scale
  EXPECT_EQ(attributions[0]["source_ref"], OfType(b, "incident").at(0)["id"]);
  std::string target = attributions[0]["target_ref"];
  std::string actor_name;
  for (const json& a : OfType(b, "threat-actor")) {
    if (a["id"] == target) actor_name = a["name"];
  }
  EXPECT_EQ(actor_name, "Hacktivists or a hacker group");
  for (const json& o : OfType(b, "opinion")) EXPECT_EQ(o["confidence"], 50);
}

TEST(StixTest, ProducerSourcesCountryAndMarking) {
  json b =
      json::parse(StixBundle(SampleReport(), {"green", "Ledger Check", "https://check.example/"}));
  json identity = OfType(b, "identity").at(0);
  EXPECT_EQ(identity["name"], "Ledger Check");
  EXPECT_EQ(identity["identity_class"], "organization");
  const std::string green = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
  EXPECT_EQ(OfType(b, "marking-definition").at(0)["id"], green);
  for (const json& o : b["objects"]) {
    if (o["type"] == "marking-definition") continue;
    EXPECT_EQ(o["object_marking_refs"], json::array({green})) << o["id"];
    if (o["type"] != "identity") {
      EXPECT_EQ(o["created_by_ref"], identity["id"]) << o["id"];
    }
  }
  // Every source article once, with its URL.
  json refs = OfType(b, "incident").at(0)["external_references"];
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0]["source_name"], "Meridian Routing Analytics");
  EXPECT_EQ(refs[0]["url"], "https://meridian.example/blog/nk");
  EXPECT_EQ(refs[1]["url"], "https://ledger.example/nk-offline");
  json location = OfType(b, "location").at(0);
  EXPECT_EQ(location["country"], "KP");
  EXPECT_EQ(location["name"], "North Korea");
  EXPECT_EQ(OfType(b, "incident").at(0)["name"],
            "Internet outage: North Korea (AS131279), 22 Dec 2014 16:15 to 23 Dec 2014 01:46 UTC");
  // No marking when none is asked for.
  json plain = json::parse(StixBundle(SampleReport(), {"", "", ""}));
  EXPECT_TRUE(OfType(plain, "marking-definition").empty());
  EXPECT_FALSE(OfType(plain, "incident").at(0).contains("object_marking_refs"));
  EXPECT_EQ(OfType(plain, "identity").at(0)["identity_class"], "system");
}

}  // namespace
}  // namespace corroborate::render
