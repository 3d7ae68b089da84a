// Training the attribution model (attribution_model.h) from a corpus of
// texts annotated with attributions in BRAT standoff, as PolNeAR is:
// FOLDER/text/NAME.txt and FOLDER/attributions/NAME_ANNOTATOR.ann, where an
// "E" line ties a Content span to its Source and Cue spans (character
// offsets). The program train_attributions (scripts/train-attributions)
// runs it on PolNeAR's train split and writes models/attributions.model.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "correlate/extract/attribution_model.h"

namespace corroborate::extract::attribution {

// Byte ranges [first, second) into the document's text.
using ByteSpans = std::vector<std::pair<std::size_t, std::size_t>>;

struct GoldAttribution {
  ByteSpans source;  // empty: no source
  ByteSpans cue;
  ByteSpans content;
};

struct TrainingDocument {
  std::string name;
  std::string text;
  std::vector<GoldAttribution> gold;
};

// One annotated text: `ann` is BRAT standoff with character (code point)
// offsets into `text`. Attributions without content, and spans outside the
// text, are skipped.
TrainingDocument ParseBratDocument(std::string name, std::string text, std::string_view ann);

// Every NAME.txt of FOLDER/text with its alphabetically first
// FOLDER/attributions/NAME_*.ann, in name order. Fails when the folder has
// no such pair or a file cannot be read.
[[nodiscard]] Result<std::vector<TrainingDocument>> ReadBratCorpus(
    const std::filesystem::path& folder);

struct TrainOptions {
  int cue_epochs = 4;
  int role_epochs = 10;
  // The cue model: logistic regression by AdaGrad at this rate, or an
  // averaged perceptron when 0.
  double cue_learning_rate = 0.1;
  std::uint32_t cue_bits = 16;  // table sizes (2^bits weights; 16 keeps them in a core's cache)
  std::uint32_t role_bits = 16;
  std::uint32_t extension_bits = 16;
  int min_cue_count = 2;       // a word joins the cue words when a cue this often ...
  double min_cue_rate = 0.2;   // ... and in at least this share of its occurrences
  int min_phrase_count = 3;    // a multi-token cue joins the phrases when this frequent
  float cue_threshold = 0.0f;  // stored in the model
  std::uint64_t seed = 1;      // order of the examples in each epoch
  std::function<void(const std::string&)> log;  // progress lines, may be empty
};

// Trains the model on `docs`. Fails when they hold no attribution.
[[nodiscard]] Result<Model> TrainModel(const std::vector<TrainingDocument>& docs,
                                       const TrainOptions& options);

}  // namespace corroborate::extract::attribution
