// Error values that cross module boundaries.
//
// Every stage returns Result<T> (std::expected<T, Error>); nothing outside
// store/ and cli/ throws. An Error carries a code for the CLI's exit-code
// mapping and a one-line, human-readable message that names the input.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace corroborate {

enum class ErrorCode {
  kInvalidArgument,  // bad flag value, bad user input
  kNotFound,         // missing file, unknown id
  kParse,            // malformed input that could not be recovered
  kIo,               // file system failure
  kNetwork,          // connect, DNS, TLS, reset
  kHttp,             // an HTTP status that is a failure (4xx/5xx)
  kTimeout,          // a time limit hit: connect, transfer, search
  kTooLarge,         // over a size cap: body, decompressed size, search query
  kForbidden,        // refused by policy (scheme, hostile XML)
  kStore,            // SQLite failure
  kUnsupported,      // a format or feature we do not handle
  kInternal,         // a bug
};

// Short lowercase name of the code, e.g. "parse", "timeout".
const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

// Result of an operation with no value.
using Status = std::expected<void, Error>;

// Builds the unexpected side of a Result: `return Fail(ErrorCode::kParse, "...")`.
[[nodiscard]] inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

// Returns `error` with "context: " put in front of its message.
[[nodiscard]] inline Error WithContext(Error error, const std::string& context) {
  error.message = context + ": " + error.message;
  return error;
}

}  // namespace corroborate
