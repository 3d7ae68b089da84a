# Tests of the claims extractor (sentences, entities, certainty, claims).
corroborate_add_test(extract_claims_test
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/sentences_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/entities_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/claims_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/claim_time_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/cause_stance_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/literal_prefilter_test.cc
  LIBS corroborate::correlate PkgConfig::RE2)
corroborate_add_test(extract_claims_cli_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/claims_cli_test.cc
  LIBS nlohmann_json::nlohmann_json)
add_dependencies(extract_claims_cli_test corroborate)
corroborate_add_test(extract_scaling_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/scaling_test.cc
  LIBS corroborate::correlate)
