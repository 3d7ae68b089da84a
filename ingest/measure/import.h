// Importers of ready-made measurements: outage windows in CSV, IODA API v2
// JSON (raw signals, events in codf and ioda forms, alerts) and Cloudflare
// Radar outage annotations. Each takes the bytes of one input and the name
// to report it by; each returns everything the input held, or an error
// naming the input (and the line or JSON path) when it cannot be read.
// `now` bounds the times they accept: a window or series outside the
// plausible times (IsPlausibleTime: 1969-01-01 to a day after now) is
// refused, naming its line or item.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/measure.h"

namespace corroborate::ingest {

struct MeasureImport {
  std::vector<Series> series;
  std::vector<OutageWindow> windows;
  std::vector<std::string> warnings;  // skipped records, each naming the input
};

enum class MeasureFormat { kUnknown, kCsv, kIoda, kRadar, kMrt };

const char* MeasureFormatName(MeasureFormat format);  // "csv", "ioda", "radar", "mrt"
MeasureFormat MeasureFormatFromName(std::string_view name);  // kUnknown for "auto"/others

// Guesses the format from the first bytes (MRT/gzip/bzip2 magic, JSON shape,
// CSV header) and, failing that, the file name's extension.
MeasureFormat DetectMeasureFormat(std::string_view head, std::string_view name);

// CSV with the header `entity,start,end,source,signal,severity` (any order;
// optional columns kind, score, cause, type, scope, description, url).
// Times are ISO 8601 (offset or Z; none means UTC) or Unix seconds. Any bad
// row (an implausible time too) fails the whole import with "NAME:LINE: ..."
// so nothing half-read is stored.
[[nodiscard]] Result<MeasureImport> ImportCsvWindows(std::string_view bytes, std::string_view name,
                                                     Instant now);

// IODA API v2 envelope {type, metadata, requestParameters, error, data, ...}
// or its bare `data`: raw signal series (nested arrays of series objects),
// outage events in `codf` form (location "type/code", start, duration, ...)
// or `ioda` form (entity, from, until, ...), and alerts (grouped into windows:
// a run of non-normal alerts of one entity and datasource, ended by a normal
// alert or the last alert plus the series step). A series with an
// implausible time fails the import ("NAME: data[0][2]: ..."); an event or
// alert with one is skipped with a warning naming its item.
[[nodiscard]] Result<MeasureImport> ImportIoda(std::string_view json, std::string_view name,
                                               Instant now);

// Cloudflare Radar outage annotations: the API envelope {result:{annotations:[...]}}
// or a bare array / {annotations:[...]}. One window per location and per ASN.
// An annotation with an implausible time is skipped with a warning naming
// its index ("NAME: annotations[3] (id): start ... is before 1969-01-01").
[[nodiscard]] Result<MeasureImport> ImportRadar(std::string_view json, std::string_view name,
                                                Instant now);

}  // namespace corroborate::ingest
