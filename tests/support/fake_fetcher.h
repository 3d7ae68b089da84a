// A Fetcher for tests: serves canned responses by exact URL, so use cases
// that take an ingest::Fetcher (pipeline::PollSources, the measurement
// fetchers) run without a network or a server.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ingest/fetch/fetcher.h"

namespace corroborate::test {

using ingest::FetchRequest;
using ingest::FetchResponse;
using ingest::ProgressCallback;

// Serves canned results by exact URL; an unknown URL is a kNetwork error.
// Records every request it was given. A request with `output_path` gets the
// canned body written to that file (as a 200 would), `body` left empty.
class FakeFetcher : public ingest::Fetcher {
 public:
  // Canned success; `final_url` defaults to the URL, `status` 0 to 200.
  void Set(const std::string& url, FetchResponse response);
  void SetError(const std::string& url, Error error);
  [[nodiscard]] std::vector<Result<FetchResponse>> FetchAll(
      const std::vector<FetchRequest>& requests, const ProgressCallback& progress = {}) override;
  const std::vector<FetchRequest>& requests() const { return requests_; }

 private:
  std::map<std::string, Result<FetchResponse>> canned_;
  std::vector<FetchRequest> requests_;
};

}  // namespace corroborate::test
