# Claims extractor (sentences, entities, certainty, claims) and its lexicons.
target_sources(corroborate_correlate PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/claims_lexicon.cc
  ${CMAKE_CURRENT_LIST_DIR}/literal_prefilter.cc
  ${CMAKE_CURRENT_LIST_DIR}/sentences.cc
  ${CMAKE_CURRENT_LIST_DIR}/entities.cc
  ${CMAKE_CURRENT_LIST_DIR}/certainty.cc
  ${CMAKE_CURRENT_LIST_DIR}/cause_stance.cc
  ${CMAKE_CURRENT_LIST_DIR}/claims.cc)
corroborate_embed_files(TARGET corroborate_correlate NAMESPACE corroborate::extract::claimdata FILES
  ${CMAKE_CURRENT_LIST_DIR}/lexicons/claim_abbreviations.tsv
  ${CMAKE_CURRENT_LIST_DIR}/lexicons/claim_certainty.tsv
  ${CMAKE_CURRENT_LIST_DIR}/lexicons/claim_reporting_verbs.tsv
  ${CMAKE_CURRENT_LIST_DIR}/lexicons/claim_stance.tsv
  ${CMAKE_CURRENT_LIST_DIR}/lexicons/claim_titles.tsv
  ${CMAKE_CURRENT_LIST_DIR}/lexicons/claim_triggers.tsv
  ${CMAKE_CURRENT_LIST_DIR}/lexicons/gazetteer_countries.tsv
  ${CMAKE_CURRENT_LIST_DIR}/lexicons/gazetteer_organisations.tsv
  ${CMAKE_CURRENT_LIST_DIR}/lexicons/gazetteer_org_suffixes.tsv)
