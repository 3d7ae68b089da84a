#include "correlate/extract/document.h"

#include "correlate/extract/claims.h"

namespace corroborate::extract {

TimexContext DocumentTimexContext(const Document& d, Instant now) {
  TimexContext context;
  context.dct = d.published.value_or(d.fetched ? d.fetched : now);
  context.granularity = d.published ? d.published_precision : Granularity::kDay;
  if (context.granularity == Granularity::kUnknown) context.granularity = Granularity::kDay;
  context.utc_offset = d.published_offset.value_or(0);
  return context;
}

DocumentExtract ExtractDocument(const Document& d, const std::string& outlet, Instant now) {
  const TimexContext context = DocumentTimexContext(d, now);
  DocumentExtract out;
  out.timexes = ExtractTimexes(d.text, context);
  ClaimOptions options;
  options.dct = context.dct;
  options.dct_utc_offset = context.utc_offset;
  options.dct_granularity = context.granularity;
  options.outlet = outlet;
  out.claims = ExtractClaims(d.text, out.timexes, options);
  for (Claim& c : out.claims) {
    if (c.time && !IsPlausibleTime(c.time->start, now)) {
      c.time.reset();
      c.time_text.clear();
    }
  }
  return out;
}

}  // namespace corroborate::extract
