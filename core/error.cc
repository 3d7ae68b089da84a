#include "core/error.h"

namespace corroborate {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kParse: return "parse";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kNetwork: return "network";
    case ErrorCode::kHttp: return "http";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kTooLarge: return "too large";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kStore: return "store";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

}  // namespace corroborate
