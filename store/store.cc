// Placeholder until the store lands.
namespace corroborate::store {
int SchemaVersion() { return 0; }
}  // namespace corroborate::store
