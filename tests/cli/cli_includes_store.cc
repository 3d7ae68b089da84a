// Built (by the layering tests, never by default) as the CLI is: linked to
// corroborate::pipeline. Including a store header there must not compile;
// linked to corroborate::store, as pipeline is, the same file builds.
#include "store/database.h"

int main() { return corroborate::store::SchemaVersion() > 0 ? 0 : 1; }
