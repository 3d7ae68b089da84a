// Internal to ingest/html: reader comments. Finds comment sections
// (#comments, .comment-list, #disqus_thread, ...) and comment items
// (li.comment, article.comment, schema.org Comment, WordPress ids
// "comment-123", plain lists "Name on <date>: text"), reads author, time and
// text from each, and removes them (and comment forms) from the DOM so they
// never reach the article text.
#pragma once

#include <libxml/tree.h>

#include <string>
#include <vector>

#include "ingest/html/article.h"
#include "ingest/html/dom.h"

namespace corroborate::ingest::html {

std::vector<Comment> ExtractComments(xmlNode* root, Graveyard& graveyard);

// Text of `n` as blocks: block elements (p, div, li, h1-h6, blockquote,
// pre, tr, ...) end a block, <br> too; inline text is concatenated and
// whitespace collapsed. Nodes in `skip` (and script/style/form controls) are left out.
std::vector<Block> TextBlocks(const xmlNode* n, const std::vector<const xmlNode*>& skip = {});
std::string JoinBlocks(const std::vector<Block>& blocks);

}  // namespace corroborate::ingest::html
