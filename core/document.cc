#include "core/document.h"

namespace corroborate {

const char* DocumentKindName(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kArticle: return "article";
    case DocumentKind::kPost: return "post";
    case DocumentKind::kComment: return "comment";
  }
  return "article";
}

std::optional<DocumentKind> DocumentKindFromName(std::string_view name) {
  if (name == "article") return DocumentKind::kArticle;
  if (name == "post") return DocumentKind::kPost;
  if (name == "comment") return DocumentKind::kComment;
  return std::nullopt;
}

const char* SourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::kFeed: return "feed";
    case SourceKind::kPage: return "page";
    case SourceKind::kMastodon: return "mastodon";
    case SourceKind::kBluesky: return "bluesky";
  }
  return "feed";
}

std::optional<SourceKind> SourceKindFromName(std::string_view name) {
  if (name == "feed") return SourceKind::kFeed;
  if (name == "page") return SourceKind::kPage;
  if (name == "mastodon") return SourceKind::kMastodon;
  if (name == "bluesky") return SourceKind::kBluesky;
  return std::nullopt;
}

}  // namespace corroborate
