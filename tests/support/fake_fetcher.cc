#include "tests/support/fake_fetcher.h"

#include <fstream>

namespace corroborate::test {

void FakeFetcher::Set(const std::string& url, FetchResponse response) {
  if (response.final_url.empty()) response.final_url = url;
  if (response.status == 0) response.status = 200;
  canned_.insert_or_assign(url, Result<FetchResponse>(std::move(response)));
}

void FakeFetcher::SetError(const std::string& url, Error error) {
  canned_.insert_or_assign(url, Result<FetchResponse>(std::unexpected(std::move(error))));
}

std::vector<Result<FetchResponse>> FakeFetcher::FetchAll(const std::vector<FetchRequest>& requests,
                                                         const ProgressCallback& progress) {
  std::vector<Result<FetchResponse>> results;
  results.reserve(requests.size());
  for (const FetchRequest& request : requests) {
    requests_.push_back(request);
    auto it = canned_.find(request.url);
    if (it == canned_.end()) {
      results.push_back(Fail(ErrorCode::kNetwork, request.url + ": no canned response"));
    } else {
      results.push_back(it->second);
      Result<FetchResponse>& result = results.back();
      if (result && !request.output_path.empty()) {
        std::ofstream out(request.output_path, std::ios::binary | std::ios::trunc);
        out.write(result->body.data(), static_cast<std::streamsize>(result->body.size()));
        out.close();
        if (!out) {
          result = Fail(ErrorCode::kIo, request.url + ": cannot write " + request.output_path);
        } else {
          result->file_size = result->body.size();
          result->total_size = result->body.size();
          result->body.clear();
        }
      }
    }
    if (progress) progress(results.size(), requests.size(), results.size() - 1, results.back());
  }
  return results;
}

}  // namespace corroborate::test
