// The correlate library's sources live in its subfolders; this translation
// unit keeps the archive non-empty before they exist.
namespace corroborate::correlate {
int LibraryVersion() { return 1; }
}  // namespace corroborate::correlate
