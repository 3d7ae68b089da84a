// train_attributions: trains the attribution model (attribution_model.h) on
// an annotated corpus folder (FOLDER/text/*.txt, FOLDER/attributions/*.ann,
// BRAT standoff as PolNeAR has it) and writes the model file.
//
// usage: train_attributions [--cue-epochs N] [--role-epochs N] [--bits N]
//                           [--min-cue-rate PERCENT] [--seed N] [--quiet] FOLDER OUT
//
// Exit status: 0 written, 1 training or writing failed, 2 usage error.
// scripts/train-attributions runs it on PolNeAR's train split and writes
// correlate/extract/models/attributions.model.
#include <fmt/core.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "correlate/extract/attribution_train.h"

namespace {

int Usage(const std::string& why) {
  fmt::print(stderr, "train_attributions: {}\n", why);
  fmt::print(stderr,
             "usage: train_attributions [--cue-epochs N] [--role-epochs N] [--bits N] "
             "[--min-cue-rate PERCENT] "
             "[--seed N] [--quiet] "
             "FOLDER OUT\n");
  return 2;
}

bool ParseInt(const std::string& s, long lo, long hi, long* out) {
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v < lo || v > hi) return false;
  *out = v;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace corroborate::extract::attribution;
  TrainOptions options;
  bool quiet = false;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](long lo, long hi, long* out) {
      if (i + 1 >= argc) return false;
      return ParseInt(argv[++i], lo, hi, out);
    };
    long v = 0;
    if (a == "--cue-epochs") {
      if (!value(1, 100, &v)) return Usage("--cue-epochs: expected 1..100");
      options.cue_epochs = static_cast<int>(v);
    } else if (a == "--role-epochs") {
      if (!value(1, 100, &v)) return Usage("--role-epochs: expected 1..100");
      options.role_epochs = static_cast<int>(v);
    } else if (a == "--bits") {
      if (!value(10, 24, &v)) return Usage("--bits: expected 10..24");
      options.cue_bits = options.role_bits = options.extension_bits = static_cast<std::uint32_t>(v);
    } else if (a == "--min-cue-rate") {
      if (!value(1, 100, &v)) return Usage("--min-cue-rate: expected a percentage 1..100");
      options.min_cue_rate = static_cast<double>(v) / 100.0;
    } else if (a == "--seed") {
      if (!value(0, 1L << 30, &v)) return Usage("--seed: expected a number");
      options.seed = static_cast<std::uint64_t>(v);
    } else if (a == "--quiet") {
      quiet = true;
    } else if (a == "-h" || a == "--help") {
      Usage("train the attribution model");
      return 0;
    } else if (!a.empty() && a[0] == '-') {
      return Usage("unknown option " + a);
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 2) return Usage("expected FOLDER and OUT");
  if (!quiet) options.log = [](const std::string& s) { fmt::print(stderr, "{}\n", s); };
  auto docs = ReadBratCorpus(positional[0]);
  if (!docs) {
    fmt::print(stderr, "train_attributions: {}\n", docs.error().message);
    return 1;
  }
  auto model = TrainModel(*docs, options);
  if (!model) {
    fmt::print(stderr, "train_attributions: {}: {}\n", positional[0], model.error().message);
    return 1;
  }
  std::string bytes = model->Serialize();
  std::ofstream out(positional[1], std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    fmt::print(stderr, "train_attributions: {}: cannot write\n", positional[1]);
    return 1;
  }
  if (!quiet) fmt::print(stderr, "wrote {} ({} bytes)\n", positional[1], bytes.size());
  return 0;
}
