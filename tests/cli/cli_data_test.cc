// End-to-end: `corroborate data` downloads the AS-to-organisation dataset
// from a scripted server on 127.0.0.1 into its cache, keeps the cached file
// when a later download fails, and falls back to the built-in table when
// nothing is cached.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/support/cli_dir.h"
#include "tests/support/http_server.h"

namespace {

using corroborate::test::CliDir;
using corroborate::test::Has;
using corroborate::test::HttpResponse;
using corroborate::test::HttpServer;

// RIPE NCC asn.txt lines (an invented AS number and name among real forms).
const char* kRipe =
    "3356 LEVEL3, US\n"
    "4804 MPX-AS Microplex PTY LTD, AU\n"
    "64999 EXAMPLE-AS Zyxwv Networks Ltd, ZZ\n";

// CAIDA as-org2info, both sections.
const char* kCaida =
    "# name: AS Org\n"
    "# format:org_id|changed|org_name|country|source\n"
    "ORG-1|20240101|Qwertyuiop Telecom LLC|US|ARIN\n"
    "# format:aut|changed|aut_name|org_id|opaque_id|source\n"
    "64998|20240101|QWERTY-AS|ORG-1||ARIN\n";

class DataCommand : public ::testing::Test {
 protected:
  CliDir dir;
  HttpServer server;
};

corroborate::test::CliOutcome RunWithEnv(const CliDir& dir, const std::string& env,
                                         const std::string& args) {
  setenv("CORROBORATE_DATA_DIR", (dir.path() / "cache").string().c_str(), 1);
  if (!env.empty()) setenv("CORROBORATE_AS2ORG_URL", env.c_str(), 1);
  auto r = dir.Run(args);
  unsetenv("CORROBORATE_AS2ORG_URL");
  unsetenv("CORROBORATE_DATA_DIR");
  return r;
}

TEST_F(DataCommand, DownloadsCachesAndLooksUp) {
  server.Route("/asn.txt", HttpResponse::Text(kRipe));
  auto got = RunWithEnv(dir, server.Url("/asn.txt"), "data");
  ASSERT_EQ(got.exit_code, 0) << got.err;
  std::filesystem::path cache = dir.path() / "cache" / "as2org.txt";
  ASSERT_TRUE(std::filesystem::exists(cache));
  EXPECT_EQ(dir.Read("cache/as2org.txt"), kRipe);
  EXPECT_TRUE(Has(got.err, "3 ASes")) << got.err;
  // The dataset answers for an AS the built-in table does not know, both ways.
  auto look = RunWithEnv(dir, "", "data --lookup Zyxwv --lookup AS64999 --lookup Optus");
  ASSERT_EQ(look.exit_code, 0) << look.err;
  EXPECT_TRUE(Has(look.out, "Zyxwv\tAS64999\n")) << look.out;
  EXPECT_TRUE(Has(look.out, "AS64999\tZyxwv Networks Ltd\n")) << look.out;
  // Built-in common names still apply on top of the dataset.
  EXPECT_TRUE(Has(look.out, "Optus\tAS4804 AS7474\n")) << look.out;
  // --url wins over the environment; a CAIDA file, gzipped, replaces the cache.
  std::string gz = (dir.path() / "caida.gz").string();
  dir.Write("caida.txt", kCaida);
  ASSERT_EQ(
      std::system(("gzip -c '" + (dir.path() / "caida.txt").string() + "' > '" + gz + "'").c_str()),
      0);
  server.Route("/caida.gz", HttpResponse::Text(dir.Read("caida.gz"), "application/gzip"));
  got = RunWithEnv(dir, server.Url("/nowhere"), "data --url " + server.Url("/caida.gz"));
  ASSERT_EQ(got.exit_code, 0) << got.err;
  look = RunWithEnv(dir, "", "data --lookup Qwertyuiop --lookup 64998 --lookup Zyxwv");
  EXPECT_TRUE(Has(look.out, "Qwertyuiop\tAS64998\n")) << look.out;
  EXPECT_TRUE(Has(look.out, "AS64998\tQwertyuiop Telecom LLC\n")) << look.out;
  EXPECT_TRUE(Has(look.out, "Zyxwv\t(none)\n")) << look.out;  // the old file was replaced
}

TEST_F(DataCommand, FailingServerKeepsTheCacheOrTheBuiltInTable) {
  server.Route("/down", HttpResponse::Text("busy", "text/plain", 503));
  server.Route("/junk", HttpResponse::Text("<html>not a dataset</html>\n"));
  // Nothing cached: exit 1, one line naming the URL, and the built-in table answers.
  auto got = RunWithEnv(dir, server.Url("/down"), "data");
  EXPECT_EQ(got.exit_code, 1);
  EXPECT_TRUE(Has(got.err, server.Url("/down"))) << got.err;
  EXPECT_TRUE(Has(got.err, "built-in table")) << got.err;
  EXPECT_EQ(corroborate::test::Lines(got.err), 1) << got.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "cache" / "as2org.txt"));
  auto look = RunWithEnv(dir, "", "data --lookup Kyivstar");
  EXPECT_TRUE(Has(look.out, "Kyivstar\tAS15895\n")) << look.out;
  // A cached dataset survives a failing server and a body that is no dataset.
  server.Route("/asn.txt", HttpResponse::Text(kRipe));
  ASSERT_EQ(RunWithEnv(dir, server.Url("/asn.txt"), "data").exit_code, 0);
  for (const char* path : {"/down", "/junk"}) {
    got = RunWithEnv(dir, server.Url(path), "data");
    EXPECT_EQ(got.exit_code, 1) << path;
    EXPECT_TRUE(Has(got.err, "cached at")) << got.err;
    EXPECT_EQ(dir.Read("cache/as2org.txt"), kRipe) << path;
  }
  look = RunWithEnv(dir, "", "data --lookup Zyxwv");
  EXPECT_TRUE(Has(look.out, "Zyxwv\tAS64999\n")) << look.out;
}

}  // namespace
