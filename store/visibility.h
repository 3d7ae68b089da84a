// Included first by every public store header: only pipeline/ (and store's
// own tests and benchmarks) may use the store. Targets that link
// corroborate::store get CORROBORATE_STORE_VISIBLE from its usage
// requirements; pipeline links it PRIVATE, so the CLI, which links pipeline,
// does not, and a store include there fails to build here.
#pragma once

#ifndef CORROBORATE_STORE_VISIBLE
#error "store/ headers are for pipeline/ only: link corroborate::pipeline and call its use cases"
#endif
