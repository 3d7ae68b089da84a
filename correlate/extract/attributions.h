// Attributions in news text: who is reported to have said, written, found,
// believed or intended what ("Telecom minister Ana Silva said the outage
// began at 16:15", "“It was not an attack,” she said", "according to
// NetBlocks, ..."). Each attribution relation has a source (who), a cue (the
// words that mark it) and a content (what is attributed; several spans when
// a quotation is broken by "she said" or runs over paragraphs), the way
// PolNeAR and PARC annotate them.
//
// Method: a cue model scores the tokens whose word may mark an attribution;
// a role model then labels, for each cue, the tokens of its paragraph as
// source, content or neither (attribution_model.h; trained on PolNeAR's
// train split by scripts/train-attributions, weights embedded). Rules then
// carry a quotation's content over the paragraphs it runs on, and resolve
// pronoun and role-noun sources ("she", "the company") to the person or
// organisation the document named before.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"

namespace corroborate::extract {

namespace attribution {
class LoadedModel;
}

// Byte offsets into the text, [begin, end).
struct ByteSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  friend bool operator==(const ByteSpan&, const ByteSpan&) = default;
};

enum class AttributionKind {
  kDirect,       // the content is all quoted
  kIndirect,     // no quotation marks
  kMixed,        // partly quoted
  kAccordingTo,  // "according to X"
};

// "direct", "indirect", "mixed", "according_to".
const char* AttributionKindName(AttributionKind kind);

// Who the source is: "she" resolved to the person named before. Empty
// strings when unknown.
struct AttributionSpeaker {
  std::string name;          // "Ana Silva"; an organisation's name when the source is one
  std::string role;          // "telecom minister", "spokesman"
  std::string organisation;  // "Dyn Research"
};

struct AttributionRelation {
  std::optional<ByteSpan> source;  // none when the text names nobody
  std::optional<ByteSpan> cue;
  std::vector<ByteSpan> content;  // in text order, never empty
  AttributionKind kind = AttributionKind::kIndirect;
  AttributionSpeaker speaker;
};

struct AttributionOptions {
  // Publication date of the text; accepted for the pipeline's sake, not used.
  std::optional<Instant> dct;
  // The model to use (LoadAttributionModel); nullptr: the one embedded in
  // the binary. Not owned.
  const attribution::LoadedModel* model = nullptr;
};

// The attribution relations in `text`, ordered by their first byte. Never
// fails: text with no attribution (or invalid UTF-8, read as opaque bytes)
// gives an empty vector. Time and memory are linear in the text's size.
std::vector<AttributionRelation> ExtractAttributions(std::string_view text,
                                                     const AttributionOptions& options = {});

// A model file as train_attributions writes it, for AttributionOptions::model
// (to try a retrained model without rebuilding). Fails, naming the file, when
// it cannot be read or is not a model.
[[nodiscard]] Result<std::shared_ptr<const attribution::LoadedModel>> LoadAttributionModel(
    const std::string& path);

}  // namespace corroborate::extract
